package dev.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The run's figures as the table {@code ./tandem bench} prints at the end. */
final class Summary {

  private Summary() {}

  static String of(Report report) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "bench: %s on %s, git %s, %s; SLO p99 <= %.0f ms and no errors%n",
            report.mode(),
            report.profile(),
            report.gitRev(),
            report.date(),
            Step.SLO_P99_MS));
    Report.Client client = report.client();
    out.append(
        String.format(
            Locale.ROOT,
            "client: %d req/s max against %s, %.3f ms CPU per request%n%n",
            client.maxRate(),
            client.target(),
            client.cpuMsPerRequest()));
    out.append(
        String.format(
            Locale.ROOT,
            "%-9s %-8s %9s %11s %8s %8s %6s  %s%n",
            "class",
            "hop",
            "capacity",
            "throughput",
            "p50 ms",
            "p99 ms",
            "429s",
            "limited by"));
    for (Report.Capacity c : report.capacities()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-9s %-8s %8s%s %11.1f %8.1f %8.1f %6d  %s%n",
              c.kind(),
              c.hop(),
              String.valueOf(c.capacity()),
              c.reachedMaxRate() ? "+" : " ",
              c.throughput(),
              c.p50Ms(),
              c.p99Ms(),
              c.rejected429(),
              c.limitedBy()));
    }
    cpu(report, out);
    out.append(
        String.format(
            Locale.ROOT,
            "%n%-9s %16s %14s %16s%n",
            "class",
            "gateway/direct",
            "nginx/direct",
            "nginx/gateway"));
    for (Report.Ratio r : report.ratios()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-9s %16s %14s %16s%s%n",
              r.kind(),
              show(r.gatewayVsDirect()),
              show(r.nginxVsDirect()),
              show(r.nginxVsGateway()),
              r.directAtMaxRate()
                  ? "  (direct reached the search's top rate: ratios are upper bounds)"
                  : ""));
    }
    Report.FanOut f = report.fanOut();
    if (f != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "%nfan-out at %d/s direct (%d pages): home p50 %.1f ms / slowest dependency %.1f ms = %s;"
                  + " p99 %.1f / %.1f = %s%n",
              f.rate(),
              f.pages(),
              f.homeP50Ms(),
              f.slowestDependencyP50Ms(),
              show(f.ratioP50()),
              f.homeP99Ms(),
              f.slowestDependencyP99Ms(),
              show(f.ratioP99())));
    }
    out.append('\n');
    for (Report.Goal g : report.goals()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-4s %-42s %-9s %s %s %.2f%n",
              g.met() ? "MET" : "MISS",
              g.name(),
              g.kind(),
              show(g.value()),
              g.atMost() ? "<=" : ">=",
              g.goal()));
    }
    return out.toString();
  }

  /** Below this in every row, a component gets no column: it was not on the requests' path. */
  private static final double CPU_SHOWN_FROM_MS = 0.05;

  /**
   * The CPU table: per class and hop, each component's milliseconds per request in the step at
   * capacity. Nothing when no step had figures (no /proc).
   */
  private static void cpu(Report report, StringBuilder out) {
    List<String> columns = new ArrayList<>();
    for (Report.Capacity c : report.capacities()) {
      c.cpuMsPerRequest()
          .forEach(
              (component, ms) -> {
                boolean total =
                    component.equals(ProcessCpu.REST) || component.equals(ProcessCpu.ALL);
                if (!columns.contains(component) && (total || ms >= CPU_SHOWN_FROM_MS)) {
                  columns.add(component);
                }
              });
    }
    if (columns.isEmpty()) {
      return;
    }
    // the totals last, whatever order the rows named them in
    columns.removeAll(List.of(ProcessCpu.REST, ProcessCpu.ALL));
    columns.addAll(List.of(ProcessCpu.REST, ProcessCpu.ALL));
    out.append(
        String.format(
            Locale.ROOT,
            "%nCPU per request at capacity, ms (rest: kernel and others)%n%-9s %-8s",
            "class",
            "hop"));
    for (String column : columns) {
      out.append(String.format(Locale.ROOT, " %" + width(column) + "s", label(column)));
    }
    out.append('\n');
    for (Report.Capacity c : report.capacities()) {
      if (c.cpuMsPerRequest().isEmpty()) {
        continue;
      }
      out.append(String.format(Locale.ROOT, "%-9s %-8s", c.kind(), c.hop()));
      for (String column : columns) {
        Double ms = c.cpuMsPerRequest().get(column);
        out.append(
            String.format(
                Locale.ROOT,
                " %" + width(column) + "s",
                ms == null ? "-" : String.format(Locale.ROOT, "%.2f", ms)));
      }
      out.append('\n');
    }
  }

  /** A component's column heading: "member" for member-service. */
  private static String label(String component) {
    return component.replace("-service", "");
  }

  private static int width(String component) {
    return Math.max(6, label(component).length());
  }

  static String show(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }
}
