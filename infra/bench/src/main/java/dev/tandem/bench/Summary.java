package dev.tandem.bench;

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

  static String show(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }
}
