package dev.tandem.gateway.balance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.cloud.client.ServiceInstance;

/**
 * Instances that just failed a request, kept out of the choice for a while: passive health, the
 * gateway's counterpart of nginx's {@code max_fails}/{@code fail_timeout} in front of it.
 *
 * <p>Discovery lags a killed instance by the registry's session timeout (seconds). Without this,
 * round-robin keeps handing that instance to new requests and to retries alike, and a retry may
 * land on the dead instance again. With it, the first failure takes the instance out, so the retry
 * and every later request go to the others. An instance is back in the choice when its mark
 * expires, or at once when it answers well.
 *
 * <p>If every instance is marked, all of them are offered: a guess beats answering 503 at once.
 */
public final class FailingInstances {

  private final Map<String, Long> markedUntil = new ConcurrentHashMap<>();
  private final long markNanos;
  private final LongSupplier nanoClock;

  public FailingInstances(Duration mark) {
    this(mark, System::nanoTime);
  }

  FailingInstances(Duration mark, LongSupplier nanoClock) {
    this.markNanos = mark.toNanos();
    this.nanoClock = nanoClock;
  }

  void failed(ServiceInstance instance) {
    markedUntil.put(key(instance), nanoClock.getAsLong() + markNanos);
  }

  void answered(ServiceInstance instance) {
    markedUntil.remove(key(instance));
  }

  boolean isMarked(ServiceInstance instance) {
    Long until = markedUntil.get(key(instance));
    if (until == null) {
      return false;
    }
    if (until - nanoClock.getAsLong() <= 0) {
      markedUntil.remove(key(instance), until);
      return false;
    }
    return true;
  }

  /** The instances not marked, or all of them when every one is. */
  List<ServiceInstance> choosable(List<ServiceInstance> instances) {
    List<ServiceInstance> unmarked = instances.stream().filter(i -> !isMarked(i)).toList();
    return unmarked.isEmpty() ? instances : unmarked;
  }

  /** By address, not instance id: a restarted instance on the same address is the same target. */
  private static String key(ServiceInstance instance) {
    return instance.getHost() + ":" + instance.getPort();
  }
}
