package dev.tandem.gateway.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

class KeptInstancesTest {

  final AtomicLong now = new AtomicLong();
  final KeptInstances kept = new KeptInstances(Duration.ofSeconds(10), now::get);
  final ServiceInstance one = instance("site-1", "10.0.0.1");
  final ServiceInstance two = instance("site-2", "10.0.0.2");

  @Test
  void followsTheRegistryWhileItListsAnyInstance() {
    kept.listed("site-service", List.of(one, two));
    assertThat(kept.of("site-service")).containsExactly(one, two);

    kept.listed("site-service", List.of(two));
    assertThat(kept.of("site-service")).containsExactly(two);
  }

  @Test
  void keepsTheLastInstancesForTheGraceWhenTheListGoesEmpty() {
    kept.listed("site-service", List.of(one, two));
    kept.listed("site-service", List.of(two));
    kept.listed("site-service", List.of());
    assertThat(kept.of("site-service")).containsExactly(two);

    now.addAndGet(Duration.ofSeconds(9).toNanos());
    // another empty listing does not restart the grace
    kept.listed("site-service", List.of());
    assertThat(kept.of("site-service")).containsExactly(two);

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(kept.of("site-service")).isEmpty();
  }

  @Test
  void takesTheRegisteredInstancesAgainAsSoonAsThereAreAny() {
    kept.listed("site-service", List.of(one, two));
    kept.listed("site-service", List.of());
    kept.listed("site-service", List.of(one));
    assertThat(kept.of("site-service")).containsExactly(one);

    now.addAndGet(Duration.ofSeconds(30).toNanos());
    kept.listed("site-service", List.of());
    assertThat(kept.of("site-service")).containsExactly(one);
  }

  @Test
  void knowsNoInstanceOfAServiceNeverListedOrListedEmpty() {
    assertThat(kept.of("site-service")).isEmpty();
    kept.listed("site-service", List.of());
    assertThat(kept.of("site-service")).isEmpty();
  }

  private static ServiceInstance instance(String id, String host) {
    return new DefaultServiceInstance(id, "site-service", host, 8080, false);
  }
}
