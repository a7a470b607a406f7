package dev.tandem.launcher.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Where {@code up}'s time went, printed at its end: the host phase, and for each stage how long its
 * starts, its wait for readiness and its formation steps took. What to look at before making any of
 * them shorter.
 */
final class StageTimings {

  private record Span(String name, long nanos) {}

  private final List<Span> spans = new ArrayList<>();

  /** A span from {@code since} until now. */
  void add(String name, long since) {
    add(name, since, System.nanoTime());
  }

  void add(String name, long from, long until) {
    spans.add(new Span(name, until - from));
  }

  void print(BiConsumer<String, String> progress) {
    for (Span span : spans) {
      progress.accept("timing", String.format("%6.1fs  %s", span.nanos() / 1e9, span.name()));
    }
  }
}
