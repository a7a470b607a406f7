package dev.tandem.platform.shutdown;

/** One registry an instance is in, left as the first step of a graceful shutdown. */
public interface RegistryExit {

  /**
   * Takes this instance out of the registry; consumers stop choosing it once they notice.
   *
   * @return what was left, for the log, or an empty string when there was nothing to leave
   */
  String leave();
}
