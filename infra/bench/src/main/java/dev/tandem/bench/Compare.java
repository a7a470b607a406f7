package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --compare OLD.json}: each class and hop's capacity and throughput, and each ratio, now
 * against an earlier run's report. Written beside the new report as {@code compare.json}.
 */
final class Compare {

  private Compare() {}

  static JsonNode read(Path old) {
    if (!Files.isRegularFile(old)) {
      throw new IllegalArgumentException(
          "--compare: no report at " + old + " (an earlier run's target/bench/bench.json)");
    }
    try {
      JsonNode report = Report.JSON.readTree(old.toFile());
      if (!report.has("capacities")) {
        throw new IllegalArgumentException(
            "--compare: " + old + " is not a bench report (no \"capacities\")");
      }
      return report;
    } catch (IOException e) {
      throw new IllegalArgumentException("--compare: cannot read " + old + ": " + e.getMessage());
    }
  }

  /** The change from {@code old} to {@code now}, both in bench.json's shape. */
  static ObjectNode diff(JsonNode old, JsonNode now) {
    ObjectNode diff = Report.JSON.createObjectNode();
    diff.put("old_date", old.path("date").asText());
    diff.put("old_git_rev", old.path("git_rev").asText());
    diff.put("new_date", now.path("date").asText());
    diff.put("new_git_rev", now.path("git_rev").asText());
    ArrayNode capacities = diff.putArray("capacities");
    for (JsonNode c : now.path("capacities")) {
      JsonNode before =
          find(old.path("capacities"), c.path("kind").asText(), c.path("hop").asText());
      ObjectNode row = capacities.addObject();
      row.put("kind", c.path("kind").asText());
      row.put("hop", c.path("hop").asText());
      change(row, "capacity", before, c);
      change(row, "throughput", before, c);
      change(row, "p99_ms", before, c);
    }
    ArrayNode ratios = diff.putArray("ratios");
    for (JsonNode r : now.path("ratios")) {
      JsonNode before = find(old.path("ratios"), r.path("kind").asText(), null);
      ObjectNode row = ratios.addObject();
      row.put("kind", r.path("kind").asText());
      change(row, "gateway_vs_direct", before, r);
      change(row, "nginx_vs_direct", before, r);
    }
    return diff;
  }

  private static JsonNode find(JsonNode rows, String kind, String hop) {
    for (JsonNode row : rows) {
      if (row.path("kind").asText().equals(kind)
          && (hop == null || row.path("hop").asText().equals(hop))) {
        return row;
      }
    }
    return null;
  }

  private static void change(ObjectNode row, String field, JsonNode before, JsonNode now) {
    ObjectNode change = row.putObject(field);
    JsonNode was = before == null ? null : before.get(field);
    JsonNode is = now.get(field);
    change.set("old", was == null ? Report.JSON.nullNode() : was);
    change.set("new", is == null ? Report.JSON.nullNode() : is);
    if (was != null && is != null && was.isNumber() && is.isNumber() && was.asDouble() != 0) {
      change.put("change_percent", Math.round((is.asDouble() / was.asDouble() - 1) * 1000) / 10.0);
    } else {
      change.putNull("change_percent");
    }
  }

  static String table(JsonNode diff) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "compared with %s (git %s)%n%-9s %-8s %18s %22s%n",
            diff.path("old_date").asText(),
            diff.path("old_git_rev").asText(),
            "class",
            "hop",
            "capacity old → new",
            "throughput old → new"));
    for (JsonNode row : diff.path("capacities")) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-9s %-8s %18s %22s%n",
              row.path("kind").asText(),
              row.path("hop").asText(),
              arrow(row.path("capacity")),
              arrow(row.path("throughput"))));
    }
    for (JsonNode row : diff.path("ratios")) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-9s gateway/direct %s, nginx/direct %s%n",
              row.path("kind").asText(),
              arrow(row.path("gateway_vs_direct")),
              arrow(row.path("nginx_vs_direct"))));
    }
    return out.toString();
  }

  private static String arrow(JsonNode change) {
    String percent =
        change.path("change_percent").isNumber()
            ? String.format(Locale.ROOT, " (%+.1f%%)", change.path("change_percent").asDouble())
            : "";
    return change.path("old").asText("-") + " → " + change.path("new").asText("-") + percent;
  }
}
