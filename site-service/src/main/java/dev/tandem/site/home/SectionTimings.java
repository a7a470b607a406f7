package dev.tandem.site.home;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * How long each of one home page's dependency calls took, and the page in all, as a standard {@code
 * Server-Timing} header ({@code member;dur=3.1, coupons;dur=2.4, promotions;dur=4.0,
 * total;dur=4.6}, milliseconds). It lets a benchmark set the page's latency against its slowest
 * dependency (the fan-out's cost) from real calls instead of guessing. The gateway removes the
 * header: internals stay inside the cluster.
 */
final class SectionTimings {

  static final String HEADER = "Server-Timing";

  private final long startedNanos = System.nanoTime();
  private final Map<String, Long> sectionNanos = new ConcurrentSkipListMap<>();

  /** Called from the section's own thread when its call has answered or failed. */
  void took(String section, long nanos) {
    sectionNanos.put(section, nanos);
  }

  /** The sections that have finished by now, and the time since the page was asked for. */
  String header() {
    StringJoiner header = new StringJoiner(", ");
    sectionNanos.forEach((section, nanos) -> header.add(metric(section, nanos)));
    header.add(metric("total", System.nanoTime() - startedNanos));
    return header.toString();
  }

  private static String metric(String name, long nanos) {
    return String.format(Locale.ROOT, "%s;dur=%.3f", name, nanos / 1e6);
  }
}
