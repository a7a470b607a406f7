package dev.tandem.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the standard {@code Server-Timing} header (W3C Server Timing: {@code name;dur=MS, ...})
 * that site-service sets on the home page: one metric per dependency call it made in parallel, plus
 * {@code total}. The gateway drops the header, so only the direct hop carries it.
 */
final class ServerTiming {

  static final String HEADER = "Server-Timing";
  static final String TOTAL = "total";

  private static final Pattern METRIC =
      Pattern.compile("\\s*([A-Za-z0-9_.-]+)\\s*(?:;[^,]*?dur=([0-9.]+))?[^,]*");

  private ServerTiming() {}

  /** Metric name to duration in milliseconds; metrics without a duration are left out. */
  static Map<String, Double> parse(String header) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (header == null) {
      return metrics;
    }
    for (String part : header.split(",")) {
      Matcher m = METRIC.matcher(part);
      if (m.matches() && m.group(2) != null) {
        try {
          metrics.put(m.group(1), Double.parseDouble(m.group(2)));
        } catch (NumberFormatException unreadable) {
          // a metric we cannot read is one we do not report
        }
      }
    }
    return metrics;
  }

  /** The slowest dependency call in microseconds, or -1 when the header names none. */
  static long slowestMicros(String header) {
    return parse(header).entrySet().stream()
        .filter(e -> !e.getKey().equals(TOTAL))
        .mapToLong(e -> Math.round(e.getValue() * 1000))
        .max()
        .orElse(-1);
  }
}
