package dev.tandem.launcher;

/**
 * A failure the user can act on: its message names the problem and, where there is one, the fix.
 */
class LauncherException extends RuntimeException {

  LauncherException(String message) {
    super(message);
  }

  LauncherException(String message, Throwable cause) {
    super(message, cause);
  }
}
