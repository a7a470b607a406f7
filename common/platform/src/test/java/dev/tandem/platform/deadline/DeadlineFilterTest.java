package dev.tandem.platform.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.AppResponse;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.RpcInvocation;
import org.apache.dubbo.rpc.TimeoutCountDown;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadlineFilterTest {

  private final DeadlineFilter filter = new DeadlineFilter();

  @SuppressWarnings("unchecked")
  private final Invoker<Object> invoker = mock(Invoker.class);

  private final RpcInvocation invocation = new RpcInvocation();

  @BeforeEach
  void aProviderWhoseClaimMethodHasA2000MsTimeout() {
    invocation.setMethodName("claim");
    invocation.setServiceName("dev.tandem.promotion.api.PromotionService");
    given(invoker.getUrl())
        .willReturn(
            URL.valueOf(
                "dubbo://10.0.0.1:20880/dev.tandem.promotion.api.PromotionService"
                    + "?timeout=700&claim.timeout=2000"));
    given(invoker.invoke(any())).willReturn(new AppResponse());
  }

  @AfterEach
  void forgetTheServedCall() {
    RpcContext.removeServerAttachment();
  }

  @Test
  void capsTheAttemptAtTheRequestsRemainingTime() {
    try (var bound = Deadline.in(300).bind()) {
      filter.invoke(invoker, invocation);
    }

    assertThat(timeoutOf(invocation)).isBetween(1, 300);
    assertThat(invocation.getObjectAttachment("_TO"))
        .isEqualTo(invocation.getObjectAttachment("timeout"));
    then(invoker).should().invoke(invocation);
  }

  @Test
  void keepsTheConfiguredTimeoutWhenTheDeadlineIsFurther() {
    try (var bound = Deadline.in(60_000).bind()) {
      filter.invoke(invoker, invocation);
    }

    assertThat(timeoutOf(invocation)).isEqualTo(2000);
  }

  @Test
  void makesNoAttemptOnceTheDeadlineHasPassed() {
    try (var bound = Deadline.in(0).bind()) {
      assertThatThrownBy(() -> filter.invoke(invoker, invocation))
          .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.isTimeout()).isTrue())
          .hasMessageContaining("PromotionService.claim");
    }
    then(invoker).should(never()).invoke(any());
  }

  @Test
  void leavesACallWithoutDeadlineAlone() {
    filter.invoke(invoker, invocation);

    assertThat(invocation.getObjectAttachment("timeout")).isNull();
    then(invoker).should().invoke(invocation);
  }

  @Test
  void capsACallMadeWhileServingAnotherAtThatCallsRemainingTime() {
    // what Dubbo's ContextFilter leaves when the caller sent _TO=250 (a provider calling onwards)
    RpcContext.getServerAttachment()
        .setObjectAttachment(
            "timeout-countdown", TimeoutCountDown.newCountDown(250, TimeUnit.MILLISECONDS));

    filter.invoke(invoker, invocation);

    assertThat(timeoutOf(invocation)).isBetween(1, 250);
  }

  @Test
  void takesTheNearerOfTheRequestsDeadlineAndTheServedCalls() {
    RpcContext.getServerAttachment()
        .setObjectAttachment(
            "timeout-countdown", TimeoutCountDown.newCountDown(1500, TimeUnit.MILLISECONDS));

    try (var bound = Deadline.in(200).bind()) {
      filter.invoke(invoker, invocation);
    }

    assertThat(timeoutOf(invocation)).isBetween(1, 200);
  }

  @Test
  void unbindingRestoresTheOuterDeadline() {
    Deadline outer = Deadline.in(5_000);
    try (var a = outer.bind()) {
      try (var b = Deadline.in(10).bind()) {
        assertThat(Deadline.current()).get().isNotSameAs(outer);
      }
      assertThat(Deadline.current()).containsSame(outer);
    }
    assertThat(Deadline.current()).isEmpty();
  }

  private static int timeoutOf(RpcInvocation invocation) {
    return (Integer) invocation.getObjectAttachment("timeout");
  }
}
