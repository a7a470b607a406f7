package dev.tandem.site.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.member.api.MemberNotFoundException;
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
}
