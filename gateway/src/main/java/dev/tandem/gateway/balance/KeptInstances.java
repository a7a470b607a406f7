package dev.tandem.gateway.balance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.cloud.client.ServiceInstance;

/**
 * The instances of each service as the registry last listed them, except that a list going empty
 * does not count at once: the last instances seen stay in the choice for {@code grace}.
 *
 * <p>A registry coming back from an outage lists a service as empty for a moment: an instance that
 * re-registers on its new session deletes its old node, then creates it again (Curator's service
 * discovery does so), and every instance does it at the same moment, when the quorum returns.
 * Taking that moment at its word answered 503 "no instance" to a request in the {@code
 * zookeeper-quorum-loss} drill (CI, 2 s after the quorum was back). Dubbo's consumers had the same
 * fault and keep their last list for the same reason ({@code
 * dubbo.registry.enable-empty-protection} in the platform defaults). An instance that really left
 * fails its first request and passive health ({@link FailingInstances}) takes it out; after {@code
 * grace}, empty is the truth.
 */
final class KeptInstances {

  /** The last non-empty list, and since when the registry has listed none (if it has). */
  private record Listed(List<ServiceInstance> instances, boolean empty, long emptySince) {}

  private final Map<String, Listed> byService = new ConcurrentHashMap<>();
  private final long graceNanos;
  private final LongSupplier nanoClock;

  KeptInstances(Duration grace) {
    this(grace, System::nanoTime);
  }

  KeptInstances(Duration grace, LongSupplier nanoClock) {
    this.graceNanos = grace.toNanos();
    this.nanoClock = nanoClock;
  }

  /** What the registry lists for {@code service} now. */
  void listed(String service, List<ServiceInstance> instances) {
    byService.compute(
        service,
        (name, before) -> {
          if (!instances.isEmpty()) {
            return new Listed(instances, false, 0);
          }
          if (before == null) {
            return new Listed(List.of(), true, 0);
          }
          return before.empty()
              ? before
              : new Listed(before.instances(), true, nanoClock.getAsLong());
        });
  }

  /** The instances to choose from: those listed, or for a while the last ones seen. */
  List<ServiceInstance> of(String service) {
    Listed listed = byService.get(service);
    if (listed == null) {
      return List.of();
    }
    boolean current = !listed.empty() || nanoClock.getAsLong() - listed.emptySince() < graceNanos;
    return current ? listed.instances() : List.of();
  }
}
