package dev.tandem.platform.outlier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.tandem.platform.deadline.DeadlineFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.AppResponse;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.RpcInvocation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe of an address on probation waits briefly; the retry elsewhere waits as usual. */
class OutlierFilterTest {

  static final String HUNG = "10.0.0.1:20880";
  static final String HEALTHY = "10.0.0.2:20880";

  final AtomicLong now = new AtomicLong(1_000);
  final Outliers outliers = new Outliers(now::get);
  final OutlierFilter filter = new OutlierFilter(outliers);
  final RpcInvocation invocation = new RpcInvocation();

  /** The timeout attachment each provider saw when it was called. */
  final List<Object> seen = new ArrayList<>();

  @BeforeEach
  void aProviderOnProbation() {
    invocation.setMethodName("eligibleFor");
    invocation.setServiceName("dev.tandem.promotion.api.PromotionService");
    for (int i = 0; i < Outliers.CONSECUTIVE_FAILURES; i++) {
      outliers.unanswered(HUNG);
    }
    now.addAndGet(Outliers.FIRST_EJECTION.plusMillis(1).toNanos());
  }

  @Test
  void theProbeWaitsBrieflyAndTheRetryElsewhereAsConfigured() {
    filter.invoke(provider(HUNG), invocation);
    filter.invoke(provider(HEALTHY), invocation);

    assertThat(seen).containsExactly(OutlierFilter.PROBE_TIMEOUT_MS, 1000);
  }

  @Test
  void aTimeoutTheCallersDeadlineSetComesBackForTheRetry() {
    invocation.setObjectAttachment("timeout", 450);

    filter.invoke(provider(HUNG), invocation);
    filter.invoke(provider(HEALTHY), invocation);

    assertThat(seen).containsExactly(OutlierFilter.PROBE_TIMEOUT_MS, 450);
  }

  @Test
  void aShorterTimeoutStaysAsItIs() {
    invocation.setObjectAttachment("timeout", 120);

    filter.invoke(provider(HUNG), invocation);

    assertThat(seen).containsExactly(120);
  }

  @Test
  void callsToAHealthyAddressKeepTheirTimeout() {
    filter.invoke(provider(HEALTHY), invocation);

    assertThat(seen).containsExactly((Object) null);
  }

  @Test
  void aProbeThatTimesOutEjectsTheAddressAgainEvenUnderADeadline() {
    invocation.put(DeadlineFilter.CAPPED, Boolean.TRUE);
    filter.invoke(provider(HUNG), invocation);
    filter.onError(
        new RpcException(RpcException.TIMEOUT_EXCEPTION, "probe timed out"),
        provider(HUNG),
        invocation);

    assertThat(outliers.avoids(HUNG)).isTrue();
    now.addAndGet(Duration.ofMillis(1_500).toNanos());
    assertThat(outliers.avoids(HUNG)).as("ejected for twice as long").isTrue();
  }

  @SuppressWarnings("unchecked")
  private Invoker<Object> provider(String address) {
    Invoker<Object> invoker = mock(Invoker.class);
    given(invoker.getUrl())
        .willReturn(
            URL.valueOf(
                "dubbo://"
                    + address
                    + "/dev.tandem.promotion.api.PromotionService"
                    + "?timeout=700&eligibleFor.timeout=1000"));
    given(invoker.invoke(any()))
        .willAnswer(
            call -> {
              seen.add(invocation.getObjectAttachment("timeout"));
              return new AppResponse();
            });
    return invoker;
  }
}
