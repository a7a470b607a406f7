package dev.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class PlatformDefaultsTest {

  @Test
  void servicesShutDownGracefullyUnlessTheyChooseOtherwise() {
    MockEnvironment environment =
        new MockEnvironment().withProperty("spring.lifecycle.timeout-per-shutdown-phase", "5s");

    new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
    assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase"))
        .isEqualTo("5s");
    assertThat(environment.getProperty("server.error.include-stacktrace")).isEqualTo("never");
  }

  @Test
  void dubboConsumersKeepTheirProvidersWhenARegistryReportsNone() {
    MockEnvironment environment = new MockEnvironment();

    new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("dubbo.registry.enable-empty-protection")).isEqualTo("true");
  }

  @Test
  void dubboTakesTheApplicationsNameAndTheProvidersPortFromTheEnvironment() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("spring.application.name", "member-service")
            .withProperty("DUBBO_PORT", "20881");

    new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("dubbo.application.name")).isEqualTo("member-service");
    assertThat(environment.getProperty("dubbo.protocol.port")).isEqualTo("20881");
    assertThat(environment.getProperty("dubbo.provider.validation")).isEqualTo("tandem");
  }
}
