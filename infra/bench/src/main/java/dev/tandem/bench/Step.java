package dev.tandem.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One bounded measurement: {@code sent} requests of one class to one hop at {@code rate} per
 * second. Throughput counts the answers that succeeded over the step's length (from the first
 * intended send to the last answer). {@code errors} counts every other outcome by what it was: an
 * HTTP status ("429", "503"…), "io" (no answer: refused, reset), or "open" (still unanswered when
 * the step's time was up). A 429 is an error here like the others, and is also shown on its own: it
 * is a limit refusing, not capacity. {@code clientCpuMs} is the CPU this process spent during the
 * step: the client's own cost, which the report sets against the machine's two cores. {@code
 * cpuMsPerRequest} is what the cluster spent per request sent, by component ({@link ProcessCpu});
 * empty where it could not be read.
 */
record Step(
    String hop,
    String kind,
    int rate,
    int sent,
    long ok,
    double throughput,
    Latencies.Percentiles latency,
    Map<String, Long> errors,
    Latencies.Percentiles slowestDependency,
    List<Latencies.Second> seconds,
    long startedAtMs,
    double clientCpuMs,
    Map<String, Double> cpuMsPerRequest) {

  /** The latency objective every class is held to (issue 14): p99 at most this, and no errors. */
  static final double SLO_P99_MS = 250;

  Step {
    errors = new TreeMap<>(errors);
    cpuMsPerRequest = Collections.unmodifiableMap(new LinkedHashMap<>(cpuMsPerRequest));
  }

  /** This step with the cluster's CPU per request, by component. */
  Step withCpu(Map<String, Double> perRequest) {
    return new Step(
        hop,
        kind,
        rate,
        sent,
        ok,
        throughput,
        latency,
        errors,
        slowestDependency,
        seconds,
        startedAtMs,
        clientCpuMs,
        perRequest);
  }

  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  long rejected() {
    return errors.entrySet().stream()
        .filter(e -> e.getKey().startsWith("429"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  boolean keptSlo() {
    return errorCount() == 0 && ok > 0 && latency.p99() <= SLO_P99_MS;
  }

  /** Why the step missed the SLO, in words for the summary; empty when it kept it. */
  String miss() {
    if (keptSlo()) {
      return "";
    }
    if (rejected() > 0) {
      return "429 (a limit, not capacity): " + errors;
    }
    if (errorCount() > 0) {
      return "errors " + errors;
    }
    return "p99 " + latency.p99() + " ms";
  }
}
