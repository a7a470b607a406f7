package dev.tandem.platform.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.platform.PlatformDefaults;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class InstanceIdentityTest {

  final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withInitializer(
              started ->
                  new PlatformDefaults().postProcessEnvironment(started.getEnvironment(), null))
          .withConfiguration(AutoConfigurations.of(InstanceAutoConfiguration.class));

  @Test
  void aDubboServiceWithoutAHostAddressDoesNotStartAndIsToldWhichVariableToSet() {
    context.run(
        started ->
            assertThat(started)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("set TANDEM_HOST_ADDRESS"));
  }

  @Test
  void dubboBindsAndRegistersTheHostAddress() {
    context
        .withPropertyValues("TANDEM_HOST_ADDRESS=10.247.0.91")
        .run(
            started -> {
              assertThat(started).hasNotFailed();
              assertThat(started.getBean(InstanceIdentity.class).hostAddress())
                  .isEqualTo("10.247.0.91");
              assertThat(started.getEnvironment().getProperty("dubbo.protocol.host"))
                  .isEqualTo("10.247.0.91");
            });
  }

  @Test
  void theWorkerIsTheLastOctetUnlessSetAndNeverNegative() {
    context
        .withPropertyValues("TANDEM_HOST_ADDRESS=10.247.0.92")
        .run(started -> assertThat(started.getBean(InstanceIdentity.class).worker()).isEqualTo(92));
    context
        .withPropertyValues("TANDEM_HOST_ADDRESS=10.247.0.92", "TANDEM_WORKER_ID=7")
        .run(started -> assertThat(started.getBean(InstanceIdentity.class).worker()).isEqualTo(7));
    context
        .withPropertyValues("TANDEM_HOST_ADDRESS=10.247.0.92", "TANDEM_WORKER_ID=-1")
        .run(
            started ->
                assertThat(started)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("TANDEM_WORKER_ID must be 0 or more"));
  }

  @Test
  void aHostNameGivesNoWorkerAndSaysWhatToSet() {
    InstanceIdentity named = new InstanceIdentity("member-0.member.tandem.svc", null);

    assertThatThrownBy(named::worker)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set TANDEM_WORKER_ID");
    assertThat(new InstanceIdentity("member-0.member.tandem.svc", 3).worker()).isEqualTo(3);
  }

  @Test
  void theGatewaySpeaksNoDubboAndNeedsNoAddress() {
    context
        .withClassLoader(new FilteredClassLoader("org.apache.dubbo"))
        .run(
            started -> {
              assertThat(started).hasNotFailed();
              assertThat(started).doesNotHaveBean(InstanceIdentity.class);
            });
  }
}
