package dev.tandem.gateway.risk;

import dev.tandem.platform.redis.RedisBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Counts requests in fixed windows kept in Redis, so that every gateway instance counts into the
 * same windows: a limit of 20 is 20 for the cluster, not 20 per instance. One script decides and
 * counts atomically ({@code counters.lua}).
 *
 * <p><b>Never waits long, never fails open.</b> When Redis is down, failing over or slow, a request
 * is decided after at most {@code timeout} by this instance alone ({@link LocalCounters}: the same
 * limits cut to this instance's share), and after a failure Redis is not asked at all for a moment
 * ({@link RedisBreaker}). Failing closed would turn a cache outage into an outage of claims and
 * sign-ups; failing open let a flash sale through exactly when the machine was busiest (Redis
 * answers late then). Decisions taken without Redis are counted ({@code
 * tandem.gateway.risk.local}).
 */
final class SharedCounters {

  private static final Logger log = LoggerFactory.getLogger(SharedCounters.class);

  /** The request is within every limit. */
  static final Optional<Refusal> ADMITTED = Optional.empty();

  /** Which limit refused, and when its window ends. */
  record Refusal(String reason, Duration retryAfter) {}

  private final RScript redis;
  private final String script;
  private final Duration timeout;
  private final RedisBreaker breaker;
  private final LocalCounters local;
  private final Counter decidedLocally;

  SharedCounters(
      RedissonClient redis,
      Duration timeout,
      RedisBreaker breaker,
      LocalCounters local,
      MeterRegistry meters) {
    this.redis = redis.getScript(StringCodec.INSTANCE);
    this.script = load("counters.lua");
    this.timeout = timeout;
    this.breaker = breaker;
    this.local = local;
    this.decidedLocally =
        Counter.builder("tandem.gateway.risk.local")
            .description(
                "Requests decided by this instance alone, at its share of each limit, because"
                    + " Redis was unavailable or slow")
            .register(meters);
  }

  /** Counts the request in every counter, or in none if one of them refuses it. */
  Mono<Optional<Refusal>> count(List<Limited> counters) {
    if (counters.isEmpty()) {
      return Mono.just(ADMITTED);
    }
    if (!breaker.allowsCall()) {
      return Mono.fromSupplier(() -> decideLocally(counters));
    }
    List<Object> keys = new ArrayList<>(counters.size());
    List<Object> args = new ArrayList<>(counters.size() * 3);
    for (Limited counter : counters) {
      keys.add(counter.key());
      args.add(Integer.toString(counter.limit().count()));
      args.add(Long.toString(counter.limit().window().toMillis()));
      args.add(counter.attempt());
    }
    Object[] values = args.toArray();
    return Mono.defer(
            () -> {
              RFuture<List<Long>> answer =
                  redis.evalAsync(
                      RScript.Mode.READ_WRITE, script, RScript.ReturnType.MULTI, keys, values);
              return Mono.fromCompletionStage(answer);
            })
        // Redisson connects lazily, and its first call waits for the connection in the caller's
        // thread (measured: 2 s with Redis unreachable). Never on a Netty event loop, and the
        // timeout below must be able to give up on it.
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(timeout)
        .map(
            answer -> {
              if (breaker.succeeded()) {
                log.info("risk control: Redis answers again, limits are enforced");
              }
              int refusedBy = answer.get(0).intValue();
              return refusedBy == 0
                  ? ADMITTED
                  : Optional.of(
                      new Refusal(
                          counters.get(refusedBy - 1).reason(), Duration.ofMillis(answer.get(1))));
            })
        .onErrorResume(
            failure -> {
              if (breaker.failed()) {
                log.warn(
                    "risk control: Redis unavailable ({}); each gateway enforces its share of the"
                        + " limits alone, asking Redis again after a pause",
                    failure.toString());
              }
              return Mono.just(decideLocally(counters));
            });
  }

  private Optional<Refusal> decideLocally(List<Limited> counters) {
    decidedLocally.increment();
    return local.count(counters);
  }

  private static String load(String name) {
    try (InputStream in = SharedCounters.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("risk control's script " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
