package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  static List<Report.Capacity> capacities(double gateway, double nginx) {
    return List.of(
        Steps.capacity("home", "direct", 400, 400),
        Steps.capacity("home", "gateway", 320, gateway),
        Steps.capacity("home", "nginx", 300, nginx));
  }

  static Report report(double gateway, double nginx) {
    List<Report.Capacity> capacities = capacities(gateway, nginx);
    List<Report.Ratio> ratios = Report.ratios(capacities);
    Step fanOutStep =
        new Step(
            "direct",
            "home",
            100,
            200,
            200,
            100,
            new Latencies.Percentiles(200, 11, 15, 30, 40),
            Map.of(),
            new Latencies.Percentiles(200, 10, 14, 20, 25),
            List.of(),
            0,
            1,
            Map.of());
    Report.FanOut fanOut = Report.FanOut.of(fanOutStep);
    return new Report(
        Map.of("cores", 2),
        "lite",
        "2026-12-01T08:00:00Z",
        "abc1234",
        "quick",
        Map.of("capacity", "the highest rate"),
        new Report.Client("nginx /nginx-health", 4000, 0.05, List.of()),
        Map.of("direct", "http://10.0.0.5:8080"),
        capacities,
        ratios,
        fanOut,
        Report.goals(ratios, fanOut));
  }

  @Test
  void ratiosAreThroughputsAtEachHopsCapacity() {
    Report.Ratio home = Report.ratios(capacities(320, 300)).getFirst();

    assertThat(home.gatewayVsDirect()).isEqualTo(0.8);
    assertThat(home.nginxVsDirect()).isEqualTo(0.75);
    assertThat(home.nginxVsGateway()).isEqualTo(0.938);
  }

  @Test
  void goalsAreJudgedAgainstIssue14sBounds() {
    Report report = report(320, 300);

    assertThat(report.goals())
        .extracting(Report.Goal::name, Report.Goal::met)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("gateway throughput / direct at equal p99", true),
            org.assertj.core.groups.Tuple.tuple("nginx throughput / direct at equal p99", false),
            org.assertj.core.groups.Tuple.tuple("home p50 / slowest dependency p50", true),
            org.assertj.core.groups.Tuple.tuple("home p99 / slowest dependency p99", false));
    assertThat(report.fanOut().ratioP50()).isEqualTo(1.1);
    assertThat(report.fanOut().ratioP99()).isEqualTo(1.5);
  }

  @Test
  void aMissingHopHasNoRatioAndMissesItsGoal() {
    List<Report.Capacity> onlyDirect = List.of(Steps.capacity("search", "direct", 200, 199));
    List<Report.Ratio> ratios = Report.ratios(onlyDirect);

    assertThat(ratios.getFirst().gatewayVsDirect()).isNull();
    assertThat(Report.goals(ratios, null)).noneMatch(Report.Goal::met);
  }

  @Test
  void writesTheJsonShapeAndASelfContainedPage(@TempDir Path dir) throws Exception {
    Path json = report(320, 300).write(dir);

    JsonNode written = Report.JSON.readTree(json.toFile());
    assertThat(written.fieldNames())
        .toIterable()
        .contains(
            "machine", "profile", "date", "git_rev", "capacities", "ratios", "fan_out", "goals");
    JsonNode gateway = written.path("capacities").get(1);
    assertThat(gateway.path("hop").asText()).isEqualTo("gateway");
    assertThat(gateway.path("capacity").asInt()).isEqualTo(320);
    assertThat(gateway.path("rejected429").asLong()).isEqualTo(3);
    JsonNode step = gateway.path("steps").get(0);
    assertThat(step.fieldNames())
        .toIterable()
        .contains("rate", "throughput", "latency", "errors", "seconds", "client_cpu_ms");
    assertThat(step.path("latency").fieldNames()).toIterable().contains("p50", "p90", "p99", "max");
    assertThat(written.path("ratios").get(0).path("gateway_vs_direct").asDouble()).isEqualTo(0.8);

    String html = Files.readString(dir.resolve("bench.html"));
    assertThat(html)
        .contains("<svg", "gateway throughput / direct")
        .doesNotContain("<script", "http-equiv");
    assertThat(html).doesNotContainPattern("(src|href)=\"https?:");
  }

  @Test
  void printsEachComponentsCpuPerRequestAtCapacity(@TempDir Path dir) throws Exception {
    Step direct =
        Steps.of("direct", "member", 80, 80, 90, Map.of())
            .withCpu(Map.of("site-service", 6.0, "member-service", 5.5, "rest", 2.0, "all", 13.5));
    Step gateway =
        Steps.of("gateway", "member", 30, 30, 90, Map.of())
            .withCpu(
                Map.of(
                    "gateway",
                    18.25,
                    "site-service",
                    6.0,
                    "member-service",
                    5.5,
                    "nginx",
                    0.01,
                    "rest",
                    3.0,
                    "all",
                    32.76));
    List<Report.Capacity> capacities =
        List.of(
            Report.Capacity.of(
                "member",
                "direct",
                new CapacitySearch.Result<>(
                    80, List.of(new CapacitySearch.Outcome<>(80, true, direct))),
                3200),
            Report.Capacity.of(
                "member",
                "gateway",
                new CapacitySearch.Result<>(
                    30, List.of(new CapacitySearch.Outcome<>(30, true, gateway))),
                3200));
    Report report = report(320, 300);
    report =
        new Report(
            report.machine(),
            report.profile(),
            report.date(),
            report.gitRev(),
            report.mode(),
            report.definitions(),
            report.client(),
            report.hops(),
            capacities,
            Report.ratios(capacities),
            report.fanOut(),
            report.goals());

    String summary = Summary.of(report);

    assertThat(summary).contains("CPU per request at capacity");
    assertThat(summary.lines().filter(l -> l.startsWith("member    gateway")).toList())
        .anySatisfy(l -> assertThat(l).contains("18.25", "6.00", "5.50", "32.76"));
    // nginx spent under 0.05 ms in every row: not on these requests' path, no column
    List<String> lines = summary.lines().toList();
    String header =
        lines.get(lines.indexOf("CPU per request at capacity, ms (rest: kernel and others)") + 1);
    assertThat(header).contains("gateway", "site", "member", "rest", "all").doesNotContain("nginx");
    JsonNode written = Report.JSON.readTree(report.write(dir).toFile());
    assertThat(
            written.path("capacities").get(1).path("cpu_ms_per_request").path("gateway").asDouble())
        .isEqualTo(18.25);
  }
}
