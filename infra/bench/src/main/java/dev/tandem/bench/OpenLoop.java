package dev.tandem.bench;

import dev.tandem.drills.Arrivals;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's load client: an open model on the JDK's own {@link HttpClient} (HTTP/1.1,
 * asynchronous). Every request's send time is fixed before the step starts ({@link Arrivals}, the
 * drills' schedule) and its latency is measured from that intended time, not from when it actually
 * went out: when the cluster (or this client) falls behind, the wait counts against the latency
 * instead of silently lowering the rate (no coordinated omission).
 *
 * <p>Why the JDK client and not Gatling, wrk or a hand-written NIO loop: it is in the JDK, it pools
 * keep-alive connections and opens as many as the outstanding requests need (which an open model
 * requires: a fixed set of connections turns it back into a closed one), and one sender thread with
 * {@code sendAsync} reaches several thousand requests per second on 2 cores: the report measures
 * that ceiling against nginx's health page on each run and prints it beside the results, so a
 * reader can see the client was not what limited them. wrk is closed-model; wrk2 and vegeta are not
 * available here.
 *
 * <p>Bounded: a step sends exactly its count within its length; whatever is still unanswered {@link
 * #GRACE} after the last send is counted as "open", an error.
 */
final class OpenLoop {

  /** How long after the step's last scheduled send an answer still counts (then: "open"). */
  static final Duration GRACE = Duration.ofSeconds(2);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** A request source: the n-th request of a step, given the time it may take. */
  interface Requests {
    HttpRequest make(long n, Duration timeout);
  }

  /** Reads one answer's header: the slowest dependency call site-service reported (µs), or -1. */
  interface Dependencies {
    long slowestMicros(HttpResponse<?> response);
  }

  Step run(
      String hop,
      Kind kind,
      int rate,
      Duration length,
      Requests requests,
      Dependencies dependencies) {
    int count = (int) Math.max(1, Math.round(rate * length.toNanos() / 1e9));
    List<Arrivals.Arrival> schedule = Arrivals.evenly(count, length, 1);
    long lengthNanos = length.toNanos();
    long deadlineOffset = lengthNanos + GRACE.toNanos();
    List<HttpRequest> prepared = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long offset = schedule.get(i).offsetNanos();
      prepared.add(requests.make(i, Duration.ofNanos(deadlineOffset - offset)));
    }

    Latencies latencies = new Latencies();
    Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    AtomicLong ok = new AtomicLong();
    AtomicLong lastAnswer = new AtomicLong();
    List<CompletableFuture<?>> inFlight = new ArrayList<>(count);
    long cpuBefore = processCpuNanos();
    long startedAtMs = System.currentTimeMillis();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    for (int i = 0; i < count; i++) {
      long offset = schedule.get(i).offsetNanos();
      long sendAt = start + offset;
      for (long wait = sendAt - System.nanoTime(); wait > 0; wait = sendAt - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      // the exchange itself is kept, not its dependent: cancelling it at the end aborts the request
      CompletableFuture<HttpResponse<String>> exchange =
          http.sendAsync(prepared.get(i), bodies(kind));
      inFlight.add(exchange);
      exchange.whenComplete(
          (response, failure) -> {
            if (failure instanceof java.util.concurrent.CancellationException) {
              return; // given up on at the step's end, and counted there as open
            }
            long answered = System.nanoTime();
            lastAnswer.accumulateAndGet(answered - start, Math::max);
            if (failure != null) {
              errors.computeIfAbsent(failureName(failure), k -> new AtomicLong()).incrementAndGet();
              return;
            }
            latencies.record(offset, answered - sendAt);
            if (response.statusCode() == kind.expected()) {
              ok.incrementAndGet();
              long slowest = dependencies.slowestMicros(response);
              if (slowest >= 0) {
                latencies.recordSlowestDependency(slowest);
              }
            } else {
              errors
                  .computeIfAbsent(
                      errorName(response.statusCode(), response.body()), k -> new AtomicLong())
                  .incrementAndGet();
            }
          });
    }
    long open = awaitAll(inFlight, start + deadlineOffset + TimeUnit.MILLISECONDS.toNanos(200));
    if (open > 0) {
      errors.computeIfAbsent("open", k -> new AtomicLong()).addAndGet(open);
    }
    double cpuMs = (processCpuNanos() - cpuBefore) / 1e6;
    double seconds = Math.max(lengthNanos, lastAnswer.get()) / 1e9;
    Map<String, Long> errorCounts = new java.util.TreeMap<>();
    errors.forEach((status, n) -> errorCounts.put(status, n.get()));
    return new Step(
        hop,
        kind.label(),
        rate,
        count,
        ok.get(),
        Math.round(ok.get() / seconds * 10) / 10.0,
        latencies.overall(),
        errorCounts,
        latencies.slowestDependency(),
        latencies.seconds(),
        startedAtMs,
        Math.round(cpuMs * 10) / 10.0,
        Map.of());
  }

  /**
   * Sends {@code request} once and waits: its latency in nanoseconds when answered with {@code
   * expected}, else -1. For telling whether a hop has worked off an earlier step's backlog.
   */
  long probe(HttpRequest request, int expected) {
    long sent = System.nanoTime();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == expected ? System.nanoTime() - sent : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Waits until every request is answered or the deadline; returns how many were not. */
  private static long awaitAll(List<CompletableFuture<?>> inFlight, long deadlineNanos) {
    for (CompletableFuture<?> request : inFlight) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        request.get(left, TimeUnit.NANOSECONDS);
      } catch (Exception answeredOrNot) {
        // a failure was already counted in whenComplete; a timeout is counted below
      }
    }
    long open = inFlight.stream().filter(f -> !f.isDone()).count();
    inFlight.forEach(f -> f.cancel(true));
    return open;
  }

  /**
   * A success's body is read and dropped; an error's is kept, to tell whose limit answered a 429:
   * nginx, the gateway's risk control and Sentinel all answer {@code too-many-requests}, each with
   * a fixed detail of its own.
   */
  private static HttpResponse.BodyHandler<String> bodies(Kind kind) {
    return info ->
        info.statusCode() == kind.expected()
            ? HttpResponse.BodySubscribers.replacing("")
            : HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static final java.util.regex.Pattern PROBLEM_DETAIL =
      java.util.regex.Pattern.compile("\"detail\"\\s*:\\s*\"([^\"]*)\"");

  /** The longest part of a refusal's detail kept in an error's name. */
  static final int DETAIL_CHARS = 60;

  /** "503", or for a 429 "429 DETAIL": who refused, in the refuser's own words. */
  static String errorName(int status, String body) {
    if (status != 429 || body == null) {
      return String.valueOf(status);
    }
    java.util.regex.Matcher detail = PROBLEM_DETAIL.matcher(body);
    if (!detail.find()) {
      return "429";
    }
    String said = detail.group(1).split(";")[0];
    return "429 " + said.substring(0, Math.min(DETAIL_CHARS, said.length()));
  }

  static String failureName(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof HttpTimeoutException) {
      return "open";
    }
    return cause instanceof IOException ? "io" : cause.getClass().getSimpleName();
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }
}
