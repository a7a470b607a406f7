package dev.tandem.bench;

import java.util.List;
import java.util.Map;

/** Steps made by hand for the report's tests: what a run would have measured. */
final class Steps {

  private Steps() {}

  static Step of(
      String hop, String kind, int rate, double throughput, double p99, Map<String, Long> errors) {
    return new Step(
        hop,
        kind,
        rate,
        rate * 2,
        Math.round(throughput * 2),
        throughput,
        new Latencies.Percentiles(rate * 2L, p99 / 4, p99 / 2, p99, p99 * 2),
        errors,
        null,
        List.of(
            new Latencies.Second(0, new Latencies.Percentiles(rate, p99 / 4, p99 / 2, p99, p99))),
        1_700_000_000_000L,
        12.5,
        Map.of());
  }

  /** A capacity search that kept the SLO up to {@code capacity}, measured at {@code throughput}. */
  static Report.Capacity capacity(String kind, String hop, int capacity, double throughput) {
    CapacitySearch.Result<Step> result =
        CapacitySearch.search(
            capacity,
            100_000,
            0,
            rate ->
                rate == capacity
                    ? new CapacitySearch.Outcome<>(
                        rate, true, of(hop, kind, rate, throughput, 90, Map.of()))
                    : new CapacitySearch.Outcome<>(
                        rate,
                        false,
                        of(hop, kind, rate, rate * 0.8, 400, Map.of("429 too-many-requests", 3L))));
    return Report.Capacity.of(kind, hop, result, 100_000);
  }
}
