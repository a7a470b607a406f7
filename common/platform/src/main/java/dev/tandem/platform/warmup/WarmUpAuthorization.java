package dev.tandem.platform.warmup;

import java.util.function.Supplier;

/**
 * The {@code Authorization} header the warm-up's calls carry, for a service whose read paths need a
 * token: without one they would stop at the security filter and warm nothing behind it.
 */
@FunctionalInterface
public interface WarmUpAuthorization extends Supplier<String> {}
