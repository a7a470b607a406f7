package dev.tandem.platform.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * The order of the shutdown sequence, observed on a real Spring context: stand-ins record when the
 * registry is left, when the web server drains and stops, and when a data source closes. The real
 * registries are covered by the services' integration tests (member-service: Dubbo, site-service:
 * discovery).
 */
class ShutdownSequenceTest {

  static final List<String> events = new CopyOnWriteArrayList<>();
  static volatile long leftAt;
  static volatile long drainedAt;

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ShutdownAutoConfiguration.class))
          // Dubbo is on the test class path but not running here.
          .withClassLoader(new FilteredClassLoader(ShutdownAutoConfiguration.DUBBO))
          .withUserConfiguration(Recorders.class)
          .withPropertyValues("tandem.shutdown.quiet-period=300ms");

  @Test
  void leavesTheRegistryFirstWaitsThenDrainsThenCloses() {
    events.clear();
    runner.run(context -> assertThat(context).hasNotFailed());

    assertThat(events)
        .containsExactly(
            "readiness REFUSING_TRAFFIC",
            "left registry",
            "web server drained",
            "kafka listeners stopped",
            "web server stopped",
            "data source closed");
    assertThat(Duration.ofNanos(drainedAt - leftAt)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void stopsKafkaListenersAfterTheDrainAndBeforeTheWebServer() {
    ConcurrentKafkaListenerContainerFactory<String, String> factory =
        new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(Map.of()));
    new KafkaListenersStopLate().postProcessBeforeInitialization(factory, "factory");

    assertThat(factory.createContainer("member.registered").getPhase())
        .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
        .isLessThan(DubboShutdown.PHASE)
        .isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024);
  }

  @Configuration(proxyBeanMethods = false)
  static class Recorders {

    @Bean
    ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readiness() {
      return event -> {
        if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
          events.add("readiness " + event.getState());
        }
      };
    }

    @Bean
    RegistryExit fakeRegistry() {
      return () -> {
        events.add("left registry");
        leftAt = System.nanoTime();
        return "fake registry";
      };
    }

    /** Where Spring Boot drains the web server. */
    @Bean
    SmartLifecycle webServerDrain() {
      return new Recording(
          WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE,
          () -> {
            events.add("web server drained");
            drainedAt = System.nanoTime();
          });
    }

    @Bean
    SmartLifecycle kafkaListeners() {
      return new Recording(
          KafkaListenersStopLate.PHASE, () -> events.add("kafka listeners stopped"));
    }

    /** Where Spring Boot stops the web server. */
    @Bean
    SmartLifecycle webServerStop() {
      return new Recording(
          WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024,
          () -> events.add("web server stopped"));
    }

    @Bean
    DisposableBean dataSource() {
      return () -> events.add("data source closed");
    }
  }

  static final class Recording implements SmartLifecycle {

    private final int phase;
    private final Runnable onStop;
    private volatile boolean running;

    Recording(int phase, Runnable onStop) {
      this.phase = phase;
      this.onStop = onStop;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      running = false;
      onStop.run();
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return phase;
    }
  }
}
