package dev.tandem.site.web;

import com.alibaba.csp.sentinel.slots.block.BlockException;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.dubbo.rpc.RpcException;

/**
 * Sorts what a provider call can throw into what the client should hear.
 *
 * <ul>
 *   <li>the exceptions a provider's API names ({@code dev.tandem.*.api}) and Dubbo's own {@link
 *       RpcException} pass unchanged: they have their problem types already;
 *   <li>{@link IllegalArgumentException} is the provider refusing the command (its own validation):
 *       the client's input, so 400, with the provider's message naming the field;
 *   <li>a Sentinel block, ours (an open circuit breaker on the method) or the provider's (its
 *       concurrency or system limit shed the call), is {@link ProviderShedException}: 503 with
 *       {@code Retry-After}, answered at once, and a degraded section on the home page;
 *   <li>anything else is the backend failing (a database error arrives as a plain {@code
 *       RuntimeException} carrying the provider's stack trace as text): {@link
 *       ProviderFailedException}, answered 503 so the client may retry, and never shown.
 * </ul>
 */
public final class ProviderCalls {

  private ProviderCalls() {}

  public static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (RpcException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ProviderRejectedException(e.getMessage());
    } catch (RuntimeException e) {
      if (namedByApi(e)) {
        throw e;
      }
      if (isBlock(e)) {
        throw new ProviderShedException(e);
      }
      throw new ProviderFailedException(e);
    }
  }

  /**
   * Sentinel's consumer filter answers a block with a plain {@code RuntimeException} whose message
   * starts with Sentinel's flag; a provider's block arrives the same way, or with the flag after
   * the class name once Dubbo's exception filter has wrapped it. Neither is a failure of the
   * backend.
   */
  static boolean isBlock(Throwable e) {
    return BlockException.isBlockException(e)
        || String.valueOf(e.getMessage()).contains(BlockException.BLOCK_EXCEPTION_FLAG);
  }

  private static boolean namedByApi(RuntimeException e) {
    String where = e.getClass().getPackageName();
    return where.startsWith("dev.tandem.") && where.endsWith(".api");
  }

  /** The provider refused the command as invalid: a 400 the site's own checks should have given. */
  public static final class ProviderRejectedException extends RuntimeException {
    ProviderRejectedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Sentinel refused the call, before it was made (our breaker on the method is open) or at the
   * provider (its limit shed it). Retry after the breaker's probe (its {@code timeWindow} in the
   * defaults, infra/sentinel/site-service.json) or, for a shed call, a second.
   */
  public static final class ProviderShedException extends RuntimeException {

    static final Duration BREAKER_OPEN_RETRY_AFTER = Duration.ofSeconds(3);
    static final Duration SHED_RETRY_AFTER = Duration.ofSeconds(1);

    private final boolean breakerOpen;

    ProviderShedException(RuntimeException cause) {
      super(String.valueOf(cause.getMessage()).lines().findFirst().orElse(""), null, false, false);
      this.breakerOpen = String.valueOf(cause.getMessage()).contains("DegradeException");
    }

    /** Whether our own breaker refused it, as opposed to the provider's limit. */
    public boolean breakerOpen() {
      return breakerOpen;
    }

    public Duration retryAfter() {
      return breakerOpen ? BREAKER_OPEN_RETRY_AFTER : SHED_RETRY_AFTER;
    }
  }

  /** The provider failed in a way its API does not name: 503, details only in the log. */
  public static final class ProviderFailedException extends RuntimeException {
    ProviderFailedException(RuntimeException cause) {
      super(cause.getClass().getName(), cause);
    }
  }
}
