package dev.tandem.gateway.risk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every request risk control refuses, counted as {@code tandem_gateway_refused_total{reason}}:
 * {@code blocked-address}, {@code blocked-member}, or the limit's name (see {@link RiskRules}).
 * Sentinel's refusals are counted by the platform, as {@code tandem_sentinel_blocked_total}.
 */
final class Refusals {

  private final MeterRegistry meters;

  Refusals(MeterRegistry meters) {
    this.meters = meters;
  }

  void count(String reason) {
    Counter.builder("tandem.gateway.refused")
        .description("Requests risk control refused, by reason")
        .tag("reason", reason)
        .register(meters)
        .increment();
  }
}
