package dev.tandem.gateway.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

class FailingInstancesTest {

  final AtomicLong now = new AtomicLong();
  final FailingInstances failing = new FailingInstances(Duration.ofSeconds(10), now::get);
  final ServiceInstance one = instance("site-1", "10.0.0.1");
  final ServiceInstance two = instance("site-2", "10.0.0.2");

  @Test
  void leavesOutAnInstanceThatFailedUntilItsMarkExpires() {
    failing.failed(one);
    assertThat(failing.choosable(List.of(one, two))).containsExactly(two);

    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(failing.choosable(List.of(one, two))).containsExactly(two);

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(failing.choosable(List.of(one, two))).containsExactly(one, two);
  }

  @Test
  void takesAnInstanceBackAsSoonAsItAnswers() {
    failing.failed(one);
    failing.answered(one);
    assertThat(failing.choosable(List.of(one, two))).containsExactly(one, two);
  }

  @Test
  void offersEveryInstanceWhenAllHaveFailed() {
    failing.failed(one);
    failing.failed(two);
    assertThat(failing.choosable(List.of(one, two))).containsExactly(one, two);
  }

  @Test
  void knowsARestartedInstanceByItsAddress() {
    failing.failed(one);
    ServiceInstance restarted = instance("site-1-after-restart", "10.0.0.1");
    assertThat(failing.choosable(List.of(restarted, two))).containsExactly(two);
  }

  private static ServiceInstance instance(String id, String host) {
    return new DefaultServiceInstance(id, "site-service", host, 8080, false);
  }
}
