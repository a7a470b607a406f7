package dev.tandem.launcher.product.mysql.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * Whether the server diverged: it has transactions the writer lacks. The marker file beside its
 * data says so to the launcher ({@code ./tandem status}, {@code render}) and survives restarts of
 * the guard; only {@code ./tandem mysql rejoin NAME --rebuild} removes it.
 */
final class Divergence {

  private final GuardSettings settings;
  private final ServerProcess process;
  private volatile boolean diverged;

  Divergence(GuardSettings settings, ServerProcess process) {
    this.settings = settings;
    this.process = process;
    this.diverged = Files.exists(settings.divergedMarker());
  }

  boolean known() {
    return diverged;
  }

  /**
   * The server keeps its transactions (someone may want them) but leaves every pool: it starts
   * again listening on loopback only, so the application's replica pools fail over to the VIP, and
   * it stays so until an operator rebuilds it.
   */
  void found(String detail) {
    diverged = true;
    String text =
        "diverged from "
            + settings.peerName()
            + " at "
            + Instant.now()
            + ": "
            + detail
            + "\nrebuild it from the writer: ./tandem mysql rejoin "
            + settings.server()
            + " --rebuild\n";
    try {
      Files.writeString(settings.divergedMarker(), text, StandardCharsets.UTF_8);
      Guard.log("DIVERGED: %s", detail);
      process.restart("diverged", List.of("bind_address = 127.0.0.1"));
      Guard.log("%s restarted on loopback only: out of every pool", settings.server());
    } catch (IOException e) {
      Guard.log(
          "diverged, but could not take %s out of the pools: %s",
          settings.server(), e.getMessage());
    }
  }

  /** The marker's first line, for the log. */
  String markerLine() {
    try {
      return Files.readString(settings.divergedMarker()).lines().findFirst().orElse("");
    } catch (IOException e) {
      return "marker unreadable";
    }
  }
}
