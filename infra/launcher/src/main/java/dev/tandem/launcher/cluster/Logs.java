package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the end of a log file without loading all of it. */
public final class Logs {

  private Logs() {}

  public static String tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return "(no log at " + file + ")";
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      long from = Math.max(0, length - 64 * 1024);
      in.seek(from);
      byte[] bytes = new byte[(int) (length - from)];
      in.readFully(bytes);
      List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  /** Prints what is appended to the log until the user interrupts. */
  public static void follow(Path file, java.io.PrintStream out) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long position = in.length();
      while (!Thread.currentThread().isInterrupted()) {
        long length = in.length();
        if (length < position) {
          position = 0; // rotated
        }
        if (length > position) {
          in.seek(position);
          byte[] bytes = new byte[(int) (length - position)];
          in.readFully(bytes);
          out.print(new String(bytes, StandardCharsets.UTF_8));
          out.flush();
          position = length;
        }
        Waits.pause(java.time.Duration.ofMillis(300));
      }
    } catch (IOException e) {
      throw new LauncherException("cannot follow " + file + ": " + e.getMessage(), e);
    }
  }
}
