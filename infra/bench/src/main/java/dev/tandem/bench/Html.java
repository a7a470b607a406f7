package dev.tandem.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench.html}: the summary, then for each class its throughput and p99 against the offered
 * rate per hop, and the whole run's p50/p99 second by second. One file, inline SVG, no script or
 * style from anywhere else: it opens from a CI artifact as it is.
 */
final class Html {

  private static final List<String> COLOURS = List.of("#1b6ac9", "#d9822b", "#2e8540", "#8e44ad");
  private static final int WIDTH = 620;
  private static final int HEIGHT = 260;
  private static final int MARGIN = 48;

  private Html() {}

  static String render(Report report) {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Tandem bench ")
        .append(escape(report.date()))
        .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:70em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;")
        .append("text-align:right}th{background:#eee}svg{margin:0.5em 1em 0.5em 0}")
        .append(".miss{color:#b00}.met{color:#070}</style></head><body>")
        .append("<h1>Tandem benchmark</h1><p>")
        .append(escape(report.mode()))
        .append(" run on <b>")
        .append(escape(report.profile()))
        .append("</b>, git ")
        .append(escape(report.gitRev()))
        .append(", ")
        .append(escape(report.date()))
        .append(". Machine: ")
        .append(escape(String.valueOf(report.machine())))
        .append(".</p><p>")
        .append(escape(String.valueOf(report.definitions().get("capacity"))))
        .append("</p><pre>")
        .append(escape(Summary.of(report)))
        .append("</pre>");
    html.append(
        "<h2>Goals</h2><table><tr><th>goal</th><th>class</th><th>value</th><th>bound</th><th></th></tr>");
    for (Report.Goal g : report.goals()) {
      html.append("<tr><td>")
          .append(escape(g.name()))
          .append("</td><td>")
          .append(escape(g.kind()))
          .append("</td><td>")
          .append(Summary.show(g.value()))
          .append("</td><td>")
          .append(g.atMost() ? "≤ " : "≥ ")
          .append(g.goal())
          .append("</td><td class=\"")
          .append(g.met() ? "met\">met" : "miss\">missed")
          .append("</td></tr>");
    }
    html.append("</table>");
    for (String kind :
        report.capacities().stream().map(Report.Capacity::kind).distinct().toList()) {
      Map<String, List<double[]>> throughput = new LinkedHashMap<>();
      Map<String, List<double[]>> p99 = new LinkedHashMap<>();
      for (Report.Capacity c : report.capacities()) {
        if (!c.kind().equals(kind)) {
          continue;
        }
        List<Step> byRate =
            c.steps().stream().sorted(java.util.Comparator.comparingInt(Step::rate)).toList();
        throughput.put(
            c.hop(), byRate.stream().map(s -> new double[] {s.rate(), s.throughput()}).toList());
        p99.put(
            c.hop(), byRate.stream().map(s -> new double[] {s.rate(), s.latency().p99()}).toList());
      }
      html.append("<h2>").append(escape(kind)).append("</h2>");
      html.append(
          chart("throughput per step (req/s) by offered rate", "offered req/s", throughput, null));
      html.append(
          chart("p99 per step (ms) by offered rate", "offered req/s", p99, Step.SLO_P99_MS));
    }
    html.append("<h2>Percentiles over time</h2>");
    long t0 =
        report.capacities().stream()
            .flatMap(c -> c.steps().stream())
            .mapToLong(Step::startedAtMs)
            .min()
            .orElse(0);
    Map<String, List<double[]>> overTime = new LinkedHashMap<>();
    for (String percentile : List.of("p50", "p99")) {
      List<double[]> points = new ArrayList<>();
      report.capacities().stream()
          .flatMap(c -> c.steps().stream())
          .sorted(java.util.Comparator.comparingLong(Step::startedAtMs))
          .forEach(
              s ->
                  s.seconds()
                      .forEach(
                          sec ->
                              points.add(
                                  new double[] {
                                    (s.startedAtMs() - t0) / 1000.0 + sec.second(),
                                    percentile.equals("p50")
                                        ? sec.latency().p50()
                                        : sec.latency().p99()
                                  })));
      overTime.put(percentile, points);
    }
    html.append(
        chart(
            "latency (ms) each second of the run, all classes and hops",
            "seconds into the run",
            overTime,
            Step.SLO_P99_MS));
    html.append("</body></html>\n");
    return html.toString();
  }

  /** A line chart of each series' (x, y) points, with an optional dashed horizontal limit. */
  static String chart(
      String title, String xLabel, Map<String, List<double[]>> series, Double limit) {
    double maxX = 1;
    double maxY = limit == null ? 1 : limit * 1.1;
    for (List<double[]> points : series.values()) {
      for (double[] p : points) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    if (limit != null) {
      maxY = Math.min(maxY, limit * 4); // keep the SLO readable; beyond is clipped at the top
    }
    double plotW = WIDTH - 2 * MARGIN;
    double plotH = HEIGHT - 2 * MARGIN;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">"
                + "<text x=\"%d\" y=\"16\" font-size=\"13\">%s</text>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>"
                + "<text x=\"4\" y=\"%d\" font-size=\"11\">%.0f</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f</text>",
            WIDTH,
            HEIGHT,
            MARGIN,
            escape(title),
            MARGIN,
            HEIGHT - MARGIN,
            WIDTH - MARGIN,
            HEIGHT - MARGIN,
            MARGIN,
            MARGIN,
            MARGIN,
            HEIGHT - MARGIN,
            MARGIN,
            HEIGHT - MARGIN + 28,
            escape(xLabel),
            MARGIN + 4,
            maxY,
            WIDTH - MARGIN,
            HEIGHT - MARGIN + 14,
            maxX));
    if (limit != null) {
      double y = HEIGHT - MARGIN - limit / maxY * plotH;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#b00\" stroke-dasharray=\"4 3\"/>",
              MARGIN,
              y,
              WIDTH - MARGIN,
              y));
    }
    int i = 0;
    for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
      String colour = COLOURS.get(i % COLOURS.size());
      StringBuilder points = new StringBuilder();
      for (double[] p : s.getValue()) {
        points.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                MARGIN + p[0] / maxX * plotW,
                HEIGHT - MARGIN - Math.min(p[1], maxY) / maxY * plotH));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
              colour,
              points.toString().strip(),
              WIDTH - MARGIN - 90,
              MARGIN + 14 * i,
              colour,
              escape(s.getKey())));
      i++;
    }
    return svg.append("</svg>").toString();
  }

  static String escape(String text) {
    return text == null
        ? ""
        : text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;");
  }
}
