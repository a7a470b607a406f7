package dev.tandem.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code target/bench/bench.json} holds: where and when the run was, every step, each class's
 * capacity per hop, the ratios between hops and the goals of issue 14, met or not.
 *
 * <p>"At equal p99", precisely: each hop's capacity is the highest arrival rate at which a step
 * kept p99 ≤ {@value Step#SLO_P99_MS} ms with no errors, found by the same {@link CapacitySearch}
 * (same start, doubling, bisections, step length). The ratio of two hops is the ratio of the
 * throughputs measured in those capacity steps: both ran at the same p99 bound, so the ratio says
 * how much of direct's throughput survives each extra hop at the latency users are promised.
 */
record Report(
    Map<String, Object> machine,
    String profile,
    String date,
    String gitRev,
    String mode,
    Map<String, Object> definitions,
    Client client,
    Map<String, String> hops,
    List<Capacity> capacities,
    List<Ratio> ratios,
    FanOut fanOut,
    List<Goal> goals) {

  static final String DIRECT = "direct";
  static final String GATEWAY = "gateway";
  static final String NGINX = "nginx";
  static final List<String> HOPS = List.of(DIRECT, GATEWAY, NGINX);

  /** Issue 14's goals. */
  static final double GATEWAY_GOAL = 0.75;

  static final double NGINX_GOAL = 0.95;
  static final double FAN_OUT_GOAL = 1.2;

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** The client's own ceiling, measured against nginx's health page (no limits, no upstream). */
  record Client(String target, int maxRate, double cpuMsPerRequest, List<Step> steps) {}

  /**
   * One class through one hop: the capacity search's answer and every step it took, and the CPU per
   * request, by component, in the step at capacity (empty when none passed or none was read).
   */
  record Capacity(
      String kind,
      String hop,
      int capacity,
      boolean reachedMaxRate,
      double throughput,
      double p50Ms,
      double p99Ms,
      String limitedBy,
      long rejected429,
      Map<String, Double> cpuMsPerRequest,
      List<Step> steps) {

    static Capacity of(String kind, String hop, CapacitySearch.Result<Step> result, int maxRate) {
      Step at = result.atCapacity();
      CapacitySearch.Outcome<Step> failure = result.firstFailure();
      long rejected = result.steps().stream().mapToLong(o -> o.step().rejected()).sum();
      return new Capacity(
          kind,
          hop,
          result.capacity(),
          result.capacity() == maxRate,
          at == null ? 0 : at.throughput(),
          at == null ? 0 : at.latency().p50(),
          at == null ? 0 : at.latency().p99(),
          failure == null
              ? "nothing up to " + maxRate + "/s"
              : "at " + failure.rate() + "/s: " + failure.step().miss(),
          rejected,
          at == null ? Map.of() : at.cpuMsPerRequest(),
          result.steps().stream().map(CapacitySearch.Outcome::step).toList());
    }
  }

  /**
   * A class's hops against direct at equal p99. {@code lowerBound}: direct never failed (it reached
   * the search's highest rate), so its true capacity, and the ratios' denominator, may be higher.
   */
  record Ratio(
      String kind,
      Double gatewayVsDirect,
      Double nginxVsDirect,
      Double nginxVsGateway,
      boolean directAtMaxRate) {}

  /** Home latency against its slowest dependency call, both at the same percentile. */
  record FanOut(
      int rate,
      long pages,
      double homeP50Ms,
      double slowestDependencyP50Ms,
      Double ratioP50,
      double homeP99Ms,
      double slowestDependencyP99Ms,
      Double ratioP99) {

    static FanOut of(Step step) {
      Latencies.Percentiles dependency = step.slowestDependency();
      if (dependency == null) {
        return new FanOut(
            step.rate(), 0, step.latency().p50(), 0, null, step.latency().p99(), 0, null);
      }
      return new FanOut(
          step.rate(),
          dependency.count(),
          step.latency().p50(),
          dependency.p50(),
          ratio(step.latency().p50(), dependency.p50()),
          step.latency().p99(),
          dependency.p99(),
          ratio(step.latency().p99(), dependency.p99()));
    }
  }

  record Goal(String name, String kind, Double value, double goal, boolean atMost, boolean met) {

    static Goal atLeast(String name, String kind, Double value, double goal) {
      return new Goal(name, kind, value, goal, false, value != null && value >= goal);
    }

    static Goal atMost(String name, String kind, Double value, double goal) {
      return new Goal(name, kind, value, goal, true, value != null && value <= goal);
    }
  }

  static Double ratio(double numerator, double denominator) {
    return denominator <= 0 ? null : Math.round(numerator / denominator * 1000) / 1000.0;
  }

  /** No ratio when either hop was not measured. */
  private static Double ratio(Optional<Double> numerator, Optional<Double> denominator) {
    return numerator.isPresent() && denominator.isPresent()
        ? ratio(numerator.get(), denominator.get())
        : null;
  }

  static List<Ratio> ratios(List<Capacity> capacities) {
    List<Ratio> ratios = new ArrayList<>();
    for (String kind : capacities.stream().map(Capacity::kind).distinct().toList()) {
      Optional<Capacity> direct = find(capacities, kind, DIRECT);
      Optional<Double> d = direct.map(Capacity::throughput);
      Optional<Double> g = find(capacities, kind, GATEWAY).map(Capacity::throughput);
      Optional<Double> n = find(capacities, kind, NGINX).map(Capacity::throughput);
      ratios.add(
          new Ratio(
              kind,
              ratio(g, d),
              ratio(n, d),
              ratio(n, g),
              direct.map(Capacity::reachedMaxRate).orElse(false)));
    }
    return ratios;
  }

  static List<Goal> goals(List<Ratio> ratios, FanOut fanOut) {
    List<Goal> goals = new ArrayList<>();
    for (Ratio r : ratios) {
      goals.add(
          Goal.atLeast(
              "gateway throughput / direct at equal p99",
              r.kind(),
              r.gatewayVsDirect(),
              GATEWAY_GOAL));
      goals.add(
          Goal.atLeast(
              "nginx throughput / direct at equal p99", r.kind(), r.nginxVsDirect(), NGINX_GOAL));
    }
    if (fanOut != null) {
      goals.add(
          Goal.atMost(
              "home p50 / slowest dependency p50", "home", fanOut.ratioP50(), FAN_OUT_GOAL));
      goals.add(
          Goal.atMost(
              "home p99 / slowest dependency p99", "home", fanOut.ratioP99(), FAN_OUT_GOAL));
    }
    return goals;
  }

  private static Optional<Capacity> find(List<Capacity> capacities, String kind, String hop) {
    return capacities.stream()
        .filter(c -> c.kind().equals(kind) && c.hop().equals(hop))
        .findFirst();
  }

  Path write(Path dir) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve("bench.json");
      JSON.writeValue(json.toFile(), this);
      Files.writeString(dir.resolve("bench.html"), Html.render(this));
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir, e);
    }
  }
}
