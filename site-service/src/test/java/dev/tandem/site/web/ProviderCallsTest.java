package dev.tandem.site.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.csp.sentinel.slots.block.degrade.DegradeException;
import com.alibaba.csp.sentinel.slots.block.flow.FlowException;
import dev.tandem.member.api.MemberNotFoundException;
import java.time.Duration;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.Test;

class ProviderCallsTest {

  @Test
  void anAnswerPassesThrough() {
    assertThat(ProviderCalls.call(() -> "ok")).isEqualTo("ok");
  }

  @Test
  void exceptionsTheApiNamesAndDubbosOwnPassUnchanged() {
    MemberNotFoundException notFound = new MemberNotFoundException(5);
    assertThatThrownBy(
            () ->
                ProviderCalls.call(
                    () -> {
                      throw notFound;
                    }))
        .isSameAs(notFound);
    RpcException rpc = new RpcException(RpcException.NETWORK_EXCEPTION, "down");
    assertThatThrownBy(
            () ->
                ProviderCalls.call(
                    () -> {
                      throw rpc;
                    }))
        .isSameAs(rpc);
  }

  @Test
  void aProviderRefusingTheCommandIsTheClientsMistake() {
    assertThatThrownBy(
            () ->
                ProviderCalls.call(
                    () -> {
                      throw new IllegalArgumentException("email is bad");
                    }))
        .isInstanceOf(ProviderCalls.ProviderRejectedException.class)
        .hasMessage("email is bad");
  }

  @Test
  void anythingElseIsTheBackendFailingAndKeepsItsTextOutOfTheMessage() {
    // what Dubbo's ExceptionFilter makes of a provider's SQL error: a plain RuntimeException
    RuntimeException wrapped =
        new RuntimeException("java.sql.SQLException: Data too long for column 'name' at row 1");
    assertThatThrownBy(
            () ->
                ProviderCalls.call(
                    () -> {
                      throw wrapped;
                    }))
        .isInstanceOf(ProviderCalls.ProviderFailedException.class)
        .hasMessage("java.lang.RuntimeException")
        .hasCause(wrapped);
  }

  @Test
  void ourOpenBreakerIsAShedCallToRetryAfterItsWindow() {
    // what Sentinel's consumer filter answers while the method's breaker is open
    RuntimeException blocked = new DegradeException("dubbo:consumer:x").toRuntimeException();
    assertThatThrownBy(
            () ->
                ProviderCalls.call(
                    () -> {
                      throw blocked;
                    }))
        .isInstanceOfSatisfying(
            ProviderCalls.ProviderShedException.class,
            shed -> {
              assertThat(shed.breakerOpen()).isTrue();
              assertThat(shed.retryAfter()).isEqualTo(Duration.ofSeconds(3));
            });
  }

  @Test
  void aProvidersLimitIsAShedCallEvenWrappedByDubbosExceptionFilter() {
    RuntimeException wrapped =
        new RuntimeException(
            "java.lang.RuntimeException: SentinelBlockException: FlowException\n\tat ...");
    assertThatThrownBy(
            () ->
                ProviderCalls.call(
                    () -> {
                      throw wrapped;
                    }))
        .isInstanceOfSatisfying(
            ProviderCalls.ProviderShedException.class,
            shed -> {
              assertThat(shed.breakerOpen()).isFalse();
              assertThat(shed.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });
  }

  @Test
  void breakersCountOnlyTheProvidersFailures() {
    assertThat(
            BreakerErrors.countsAgainstProvider(new RpcException(RpcException.TIMEOUT_EXCEPTION)))
        .isTrue();
    assertThat(BreakerErrors.countsAgainstProvider(new RuntimeException("java.sql.SQLException")))
        .isTrue();
    assertThat(BreakerErrors.countsAgainstProvider(new MemberNotFoundException(5))).isFalse();
    assertThat(BreakerErrors.countsAgainstProvider(new IllegalArgumentException("bad"))).isFalse();
    assertThat(
            BreakerErrors.countsAgainstProvider(
                new FlowException("dubbo:provider:x").toRuntimeException()))
        .isFalse();
  }
}
