package dev.tandem.site.web;

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
      throw new ProviderFailedException(e);
    }
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

  /** The provider failed in a way its API does not name: 503, details only in the log. */
  public static final class ProviderFailedException extends RuntimeException {
    ProviderFailedException(RuntimeException cause) {
      super(cause.getClass().getName(), cause);
    }
  }
}
