package dev.tandem.drills;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a drill found, in the shape ARCHITECTURE.md fixes (a contract: tools read it), written as
 * {@code NAME.json} and charted in {@code NAME.html} beside it.
 */
record Report(
    String drill,
    String target,
    long recoveryMs,
    long ok,
    long failed,
    Writes writes,
    Budget budget,
    List<Timeline.Bucket> timeline,
    List<String> violations,
    Map<String, Object> findings) {

  /** A report without figures beyond the contract's. */
  Report(
      String drill,
      String target,
      long recoveryMs,
      long ok,
      long failed,
      Writes writes,
      Budget budget,
      List<Timeline.Bucket> timeline,
      List<String> violations) {
    this(drill, target, recoveryMs, ok, failed, writes, budget, timeline, violations, Map.of());
  }

  /** Acknowledged writes and what the data check found of them. */
  record Writes(long acknowledged, long lost, long duplicated) {}

  /** The most a drill may cost; {@code failed} counts only the failures the budget limits. */
  record Budget(long recoveryMs, long failed, long lost, long duplicated) {}

  static final long BUCKET_MS = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  boolean passed() {
    return violations.isEmpty();
  }

  Map<String, Object> document() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("drill", drill);
    document.put("target", target);
    document.put("passed", passed());
    document.put("recovery_ms", recoveryMs);
    document.put("requests", Map.of("ok", ok, "failed", failed));
    Map<String, Object> writeFigures = new LinkedHashMap<>();
    writeFigures.put("acknowledged", writes.acknowledged());
    writeFigures.put("lost", writes.lost());
    writeFigures.put("duplicated", writes.duplicated());
    document.put("writes", writeFigures);
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("recovery_ms", budget.recoveryMs());
    limits.put("failed", budget.failed());
    limits.put("lost", budget.lost());
    limits.put("duplicated", budget.duplicated());
    document.put("budget", limits);
    List<Map<String, Object>> points = new ArrayList<>();
    for (Timeline.Bucket bucket : timeline) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("t_ms", bucket.tMs());
      point.put("ok", bucket.ok());
      point.put("failed", bucket.failed());
      points.add(point);
    }
    document.put("timeline", points);
    document.put("violations", violations);
    // Figures a drill adds beyond the contract (when the fault was undone, what its watches saw).
    document.putAll(findings);
    return document;
  }

  /** Writes {@code NAME.json} and {@code NAME.html} into the directory; returns the JSON file. */
  Path write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path json = directory.resolve(drill + ".json");
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    Files.writeString(json, JSON.writer(pretty).writeValueAsString(document()) + "\n");
    Files.writeString(directory.resolve(drill + ".html"), html());
    return json;
  }

  /** A self-contained page: an SVG chart of successes (up) and failures (down) per bucket. */
  String html() {
    int width = 960;
    int height = 320;
    int middle = height / 2;
    int peak =
        Math.max(1, timeline.stream().mapToInt(b -> Math.max(b.ok(), b.failed())).max().orElse(1));
    long start = timeline.isEmpty() ? 0 : timeline.getFirst().tMs();
    long end = timeline.isEmpty() ? BUCKET_MS : timeline.getLast().tMs() + BUCKET_MS;
    double perMs = (double) (width - 60) / Math.max(1, end - start);
    double perRequest = (middle - 20) / (double) peak;
    StringBuilder bars = new StringBuilder();
    for (Timeline.Bucket bucket : timeline) {
      double x = 50 + (bucket.tMs() - start) * perMs;
      double w = Math.max(1, BUCKET_MS * perMs - 1);
      double up = bucket.ok() * perRequest;
      double down = bucket.failed() * perRequest;
      bars.append(
          String.format(
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2e8b57\"><title>t=%d ms: %d ok</title></rect>%n",
              x, middle - up, w, up, bucket.tMs(), bucket.ok()));
      if (bucket.failed() > 0) {
        bars.append(
            String.format(
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#c0392b\"><title>t=%d ms: %d failed</title></rect>%n",
                x, middle, w, down, bucket.tMs(), bucket.failed()));
      }
    }
    double fault = 50 + (0 - start) * perMs;
    double recovered = 50 + (Math.max(0, recoveryMs) - start) * perMs;
    String restoredLine = "";
    if (findings.get("restored_ms") instanceof Number restored) {
      double x = 50 + (restored.longValue() - start) * perMs;
      restoredLine =
          String.format(
              "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-dasharray=\"2 2\"/>"
                  + "<text x=\"%.1f\" y=\"46\" dx=\"4\">undone</text>",
              x, x, height, x);
    }
    StringBuilder figures = new StringBuilder();
    findings.forEach(
        (key, value) ->
            figures
                .append("<tr><td>")
                .append(escape(key))
                .append("</td><td>")
                .append(escape(String.valueOf(value)))
                .append("</td><td></td></tr>"));
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Tandem drill %1$s</title>
        <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
        td,th{padding:.2rem .8rem;text-align:left}.pass{color:#2e8b57}.fail{color:#c0392b}</style></head>
        <body><h1>%1$s <span class="%2$s">%3$s</span></h1>
        <p>Target <b>%4$s</b>. Requests per %5$d ms: successes up (green), failures down (red).
        The fault is the black line at t = 0; the blue line marks recovery.</p>
        <svg width="%6$d" height="%7$d" role="img" aria-label="requests over time">
        <line x1="50" y1="%8$d" x2="%6$d" y2="%8$d" stroke="#999"/>
        %9$s
        <line x1="%10$.1f" y1="0" x2="%10$.1f" y2="%7$d" stroke="#000" stroke-width="2"/>
        <text x="%10$.1f" y="14" dx="4">fault</text>
        <line x1="%11$.1f" y1="0" x2="%11$.1f" y2="%7$d" stroke="#1f6feb" stroke-dasharray="4 3"/>
        <text x="%11$.1f" y="30" dx="4" fill="#1f6feb">recovered (%12$d ms)</text>
        %23$s
        </svg>
        <table><tr><th></th><th>measured</th><th>budget</th></tr>
        <tr><td>recovery</td><td>%12$d ms</td><td>%13$d ms</td></tr>
        <tr><td>requests ok / failed</td><td>%14$d / %15$d</td><td>%16$d failed</td></tr>
        <tr><td>writes acknowledged / lost / duplicated</td><td>%17$d / %18$d / %19$d</td><td>%20$d / %21$d</td></tr>
        %24$s</table>%22$s</body></html>
        """
        .formatted(
            drill,
            passed() ? "pass" : "fail",
            passed() ? "passed" : "FAILED",
            target,
            BUCKET_MS,
            width,
            height,
            middle,
            bars,
            fault,
            recovered,
            recoveryMs,
            budget.recoveryMs(),
            ok,
            failed,
            budget.failed(),
            writes.acknowledged(),
            writes.lost(),
            writes.duplicated(),
            budget.lost(),
            budget.duplicated(),
            violations.isEmpty()
                ? ""
                : "<h2>Violations</h2><ul>"
                    + violations.stream()
                        .map(v -> "<li>" + escape(v) + "</li>")
                        .reduce("", String::concat)
                    + "</ul>",
            restoredLine,
            figures);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
