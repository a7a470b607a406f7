package dev.tandem.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class InstanceSettingsTest {

  final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(InstanceConfiguration.class);

  @Test
  void refusesToStartWithoutAHostAddressNamingTheVariableToSet() {
    context
        .withPropertyValues("tandem.instance.host-address=")
        .run(
            started ->
                assertThat(started)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("TANDEM_HOST_ADDRESS"));
  }

  @Test
  void startsWithAHostAddress() {
    context
        .withPropertyValues("tandem.instance.host-address=10.247.0.81")
        .run(started -> assertThat(started).hasNotFailed());
  }
}
