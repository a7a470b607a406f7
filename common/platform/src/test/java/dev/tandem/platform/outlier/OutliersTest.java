package dev.tandem.platform.outlier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.remoting.TimeoutException;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.Test;

class OutliersTest {

  private static final String HUNG = "10.0.0.7:20880";
  private static final String HEALTHY = "10.0.0.8:20880";

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Outliers outliers = new Outliers(now::get);

  @Test
  void ejectsAnAddressAfterConsecutiveUnansweredCalls() {
    outliers.unanswered(HUNG);
    outliers.unanswered(HUNG);
    assertThat(outliers.avoids(HUNG)).isFalse();

    outliers.unanswered(HUNG);

    assertThat(outliers.avoids(HUNG)).isTrue();
    assertThat(outliers.avoids(HEALTHY)).isFalse();
  }

  @Test
  void anAnswerInBetweenResetsTheCount() {
    outliers.unanswered(HUNG);
    outliers.unanswered(HUNG);
    outliers.answered(HUNG);
    outliers.unanswered(HUNG);
    outliers.unanswered(HUNG);

    assertThat(outliers.avoids(HUNG)).isFalse();
  }

  @Test
  void probesWithOneCallAtATimeOnceTheEjectionEnds() {
    eject(HUNG);
    advance(Outliers.FIRST_EJECTION);

    assertThat(outliers.avoids(HUNG)).as("on probation").isFalse();
    outliers.sending(HUNG);
    assertThat(outliers.avoids(HUNG)).as("while its probe is out").isTrue();
  }

  @Test
  void rejoinsAtTheFirstAnswerAfterTheEjection() {
    eject(HUNG);
    advance(Outliers.FIRST_EJECTION);
    outliers.sending(HUNG);

    outliers.answered(HUNG);

    assertThat(outliers.avoids(HUNG)).isFalse();
    outliers.unanswered(HUNG);
    assertThat(outliers.avoids(HUNG)).as("counts from zero again").isFalse();
  }

  @Test
  void aFailedProbeEjectsAgainForTwiceAsLongUpToTheLongest() {
    eject(HUNG);
    advance(Outliers.FIRST_EJECTION);
    Duration ejection = Outliers.FIRST_EJECTION;
    for (int round = 0; round < 5; round++) {
      assertThat(outliers.avoids(HUNG)).isFalse();
      outliers.sending(HUNG);
      outliers.unanswered(HUNG);

      ejection = min(ejection.multipliedBy(2), Outliers.LONGEST_EJECTION);
      advance(ejection.minusMillis(1));
      assertThat(outliers.avoids(HUNG)).as("round %d, just before %s", round, ejection).isTrue();
      advance(Duration.ofMillis(1));
    }
    assertThat(ejection).isEqualTo(Outliers.LONGEST_EJECTION);
  }

  @Test
  void callsSentBeforeTheEjectionDoNotLengthenIt() {
    eject(HUNG);
    outliers.unanswered(HUNG);
    outliers.unanswered(HUNG);

    advance(Outliers.FIRST_EJECTION);

    assertThat(outliers.avoids(HUNG)).isFalse();
  }

  @Test
  void aProbeWhoseEndIsNeverReportedStopsHoldingTheAddress() {
    eject(HUNG);
    advance(Outliers.FIRST_EJECTION);
    outliers.sending(HUNG);

    advance(Outliers.PROBE_FORGOTTEN);

    assertThat(outliers.avoids(HUNG)).isFalse();
  }

  @Test
  void timeoutsAndBrokenConnectionsAreUnansweredButProviderErrorsAreAnswers() {
    assertThat(OutlierFilter.unanswered(new RpcException(RpcException.TIMEOUT_EXCEPTION, "late")))
        .isTrue();
    assertThat(OutlierFilter.unanswered(new RpcException(RpcException.NETWORK_EXCEPTION, "gone")))
        .isTrue();
    assertThat(
            OutlierFilter.unanswered(
                new RuntimeException(new TimeoutException(false, null, "late"))))
        .isTrue();
    assertThat(OutlierFilter.unanswered(new IllegalStateException("the provider's own"))).isFalse();
    assertThat(OutlierFilter.unanswered(new RpcException(RpcException.BIZ_EXCEPTION, "refused")))
        .isFalse();
  }

  private void eject(String address) {
    for (int i = 0; i < Outliers.CONSECUTIVE_FAILURES; i++) {
      outliers.unanswered(address);
    }
    assertThat(outliers.avoids(address)).isTrue();
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
