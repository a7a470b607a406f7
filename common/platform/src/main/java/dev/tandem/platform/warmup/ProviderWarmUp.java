package dev.tandem.platform.warmup;

/**
 * One round of calls that warms a Dubbo provider up before it registers: its own read paths, called
 * in process. Exceptions (not found, say) are expected and ignored.
 */
@FunctionalInterface
public interface ProviderWarmUp {

  void call() throws Exception;
}
