package dev.tandem.launcher.product.mysql.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The file keepalived follows: {@code 0} where the VIP may be held, {@code 1} elsewhere. Its check
 * script also follows the file's age, so it is rewritten at least every second even when the value
 * stays; a guard that stops writing it loses the VIP.
 */
final class TrackFile {

  private final Path file;
  private volatile String track = "";
  private volatile long writtenAt;

  TrackFile(Path file) {
    this.file = file;
  }

  void write(String value, long now) {
    if (value.equals(track) && now - writtenAt < Duration.ofSeconds(1).toNanos()) {
      return;
    }
    try {
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.writeString(partial, value + "\n");
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      track = value;
      writtenAt = now;
    } catch (IOException e) {
      Guard.log("cannot write %s: %s", file, e.getMessage());
    }
  }
}
