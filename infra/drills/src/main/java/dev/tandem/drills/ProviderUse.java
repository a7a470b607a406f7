package dev.tandem.drills;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Whether a resumed promotion-service instance is used again, from its own metrics: how often it
 * takes a database connection, which the calls of the load (home pages' sections, claims) do and
 * its background jobs do about once a second. Its rate in the last {@link #AFTER} of the load must
 * be at least {@link #SHARE} of its rate in the first seconds of the load, before the fault.
 */
final class ProviderUse implements Watch {

  static final Duration BEFORE = Duration.ofSeconds(5);
  static final Duration AFTER = Duration.ofSeconds(15);
  static final double SHARE = 0.25;
  private static final String METRIC = "hikaricp_connections_usage_seconds_count";

  private record Sample(long nanos, double count) {}

  private final String target;
  private final String metrics;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Object> findings = new LinkedHashMap<>();
  private Sampler sampler;

  ProviderUse(String target, String address, String managementPort) {
    this.target = target;
    this.metrics =
        "http://"
            + address.substring(0, address.lastIndexOf(':'))
            + ":"
            + managementPort
            + "/actuator/prometheus";
  }

  @Override
  public void start() {
    sampler = new Sampler("provider-use", Duration.ofSeconds(1), Drill.LONGEST, this::sample);
  }

  private void sample() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(metrics)).timeout(Duration.ofSeconds(1)).build(),
              HttpResponse.BodyHandlers.ofString());
      double count =
          response
              .body()
              .lines()
              .filter(l -> l.startsWith(METRIC))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
      samples.add(new Sample(System.nanoTime(), count));
    } catch (IOException | RuntimeException e) {
      // hung: no answer, no sample
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public List<String> violations() {
    return violations;
  }

  @Override
  public Map<String, Object> findings() {
    return findings;
  }

  @Override
  public void close() {
    if (sampler != null) {
      sampler.close();
    }
    List<Sample> all = List.copyOf(samples);
    if (all.size() < 2) {
      violations.add("no metrics from " + target + " at " + metrics);
      return;
    }
    long first = all.getFirst().nanos();
    long last = all.getLast().nanos();
    double before = rate(all, first, first + BEFORE.toNanos());
    double after = rate(all, last - AFTER.toNanos(), last);
    findings.put(
        "resumed_instance_connections_per_s",
        Map.of("before_fault", round(before), "end_of_load", round(after)));
    if (after < SHARE * before) {
      violations.add(
          target
              + " was not used again after the resume: "
              + round(after)
              + " database connections a second at the end of the load, "
              + round(before)
              + " before the fault");
    }
  }

  /** Counts per second between the first and the last sample taken in [from, to]. */
  private static double rate(List<Sample> samples, long from, long to) {
    List<Sample> in = samples.stream().filter(s -> s.nanos() >= from && s.nanos() <= to).toList();
    if (in.size() < 2) {
      return 0;
    }
    return (in.getLast().count() - in.getFirst().count())
        / ((in.getLast().nanos() - in.getFirst().nanos()) / 1e9);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
