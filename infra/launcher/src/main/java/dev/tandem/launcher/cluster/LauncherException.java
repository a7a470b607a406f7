package dev.tandem.launcher.cluster;

/**
 * A failure the user can act on: its message names the problem and, where there is one, the fix.
 */
public class LauncherException extends RuntimeException {

  public LauncherException(String message) {
    super(message);
  }

  public LauncherException(String message, Throwable cause) {
    super(message, cause);
  }
}
