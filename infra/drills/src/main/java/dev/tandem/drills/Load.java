package dev.tandem.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A bounded load through the entry point that mixes what users do: home pages, searches,
 * registrations, point additions and coupon claims. Every write carries an Idempotency-Key and,
 * like a careful client, is retried with the same key until it is acknowledged or the load ends;
 * what was acknowledged is remembered for the data check. Like real users, members act with their
 * own token and promotions are created with an operator's; only registration and the promotions'
 * pages are public. A 401 or 403 is a failed request like any other: the load never expects one.
 */
public final class Load {

  /** Request kinds, as the drills name the affected ones. */
  static final String HOME = "home";

  static final String SEARCH = "search";
  static final String REGISTER = "register";
  static final String POINTS = "points";
  static final String CLAIM = "claim";
  static final List<String> WRITES = List.of(REGISTER, POINTS, CLAIM);
  static final List<String> ALL = List.of(HOME, SEARCH, REGISTER, POINTS, CLAIM);

  /** Acknowledged writes, by what they promised. */
  record Registered(String memberId, String email) {}

  record PointsAdded(String memberId, String key, int points) {}

  record Claimed(String couponId, String promotionId, String memberId) {}

  static final String PROBLEM_JSON = "application/problem+json";

  /** How a failure's detail marks an error answer that is not problem+json. */
  static final String NOT_PROBLEM = "not problem+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(100);

  /** After a 429: nginx's Retry-After (infra/nginx/nginx.conf); 100 ms later it refuses again. */
  private static final Duration REFUSED_BACKOFF = Duration.ofSeconds(1);

  /**
   * Registration refuses a password that contains the member's name or email; the drill's members
   * are all "Drill" at drill-…: without i or l, no password can contain either.
   */
  private static final String PASSWORD_LETTERS =
      "abcdefghjkmnopqrstuvwxyzABCDEFGHJKMNOPQRSTUVWXYZ0123456789";

  /** Who a request to a public endpoint acts as: nobody, so it carries no token. */
  private static final Supplier<String> PUBLIC =
      () -> {
        throw new IllegalStateException("a public request carries no token");
      };

  private final String base;
  private final Tokens tokens;
  private final HttpClient http;
  private final Timeline timeline;
  private final List<String> members = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<String> promotions = new java.util.concurrent.CopyOnWriteArrayList<>();
  final ConcurrentLinkedQueue<Registered> registered = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<PointsAdded> pointsAdded = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Claimed> claimed = new ConcurrentLinkedQueue<>();

  /** Points sent without an answer before the load ended: they may or may not have applied. */
  private final java.util.concurrent.ConcurrentHashMap<String, Long> unanswered =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger nextPromotion = new AtomicInteger();
  private volatile boolean stopping;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** A load that only seeds: its outcomes go to a timeline nobody reads (the benchmark's use). */
  public Load(String base, Tokens tokens) {
    this(base, tokens, new Timeline());
  }

  Load(String base, Tokens tokens, Timeline timeline) {
    this.base = base;
    this.tokens = tokens;
    this.timeline = timeline;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** Outcomes are stamped with {@code System.nanoTime()}; the report makes them fault-relative. */
  private static long now() {
    return System.nanoTime();
  }

  /**
   * How long seeding may take. Right after {@code up}, the first writes meet cold JVMs: in a CI run
   * the warm-up's first sign-ups and promotion all timed out (5 s each) and the drill gave up.
   */
  static final Duration SEED_LIMIT = Duration.ofMinutes(2);

  private static final Duration SEED_RETRY = Duration.ofSeconds(1);

  /**
   * Members and promotions to read and claim, made before the fault: each asked for until made
   * (another sign-up, another promotion, a second apart) or {@link #SEED_LIMIT}; the load goes on
   * with what was made if that is at least one of each. Seeding is not measured: its attempts go on
   * no timeline.
   */
  void seed(int memberCount, int promotionCount, int stock) throws InterruptedException {
    long deadline = System.nanoTime() + SEED_LIMIT.toNanos();
    while (members.size() < memberCount && System.nanoTime() < deadline) {
      int before = members.size();
      register();
      if (members.size() == before) {
        Thread.sleep(SEED_RETRY);
      }
    }
    int made = 0;
    while (made < promotionCount && System.nanoTime() < deadline) {
      if (createPromotion("offer " + made, stock) != null) {
        made++;
      } else {
        Thread.sleep(SEED_RETRY);
      }
    }
    if (members.isEmpty() || made == 0) {
      throw new IllegalStateException(
          String.format(
              "could not seed the drill's data through %s within %d s: %d of %d members, %d of %d"
                  + " promotions",
              base, SEED_LIMIT.toSeconds(), members.size(), memberCount, made, promotionCount));
    }
  }

  /**
   * Many members at once, for a drill that needs a crowd: {@code parallel} sign-ups at a time, each
   * retried with its key until acknowledged, all within {@code limit}. Returns how many made it.
   */
  public int seedMembers(int count, int parallel, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    AtomicInteger left = new AtomicInteger(count);
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < parallel; w++) {
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (System.nanoTime() < deadline && left.getAndDecrement() > 0) {
                      registerUntil(deadline);
                    }
                  }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return members.size();
  }

  /** A promotion open from an hour ago to tomorrow, created with an operator's token. */
  public String createPromotion(String title, int stock) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> body =
        Map.of(
            "title",
            "Drill " + run + " " + title,
            "description",
            "coupons for the drill " + run,
            "levelRequired",
            "BASIC",
            "stock",
            stock,
            "startsAt",
            now.minus(1, ChronoUnit.HOURS).toString(),
            "endsAt",
            now.plus(1, ChronoUnit.DAYS).toString());
    JsonNode created = write(null, "/api/promotions", body, 201, tokens::admin);
    if (created == null || created.has("type")) {
      return null;
    }
    String id = created.path("id").asText();
    promotions.add(id);
    return id;
  }

  /**
   * Ends {@link #run} early: workers start nothing new, and writes already sent go on being retried
   * until acknowledged or the deadline, as before.
   */
  void stop() {
    stopping = true;
  }

  /**
   * Runs workers until the deadline, the request cap or {@link #stop}, whichever comes first;
   * {@code perSecond} requests a second in all, spread evenly over the workers.
   */
  void run(int workers, Duration duration, int maxRequests, int perSecond)
      throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    AtomicInteger budget = new AtomicInteger(maxRequests);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    long pace = 1_000_000_000L * workers / perSecond;
                    long next = System.nanoTime();
                    while (!stopping
                        && System.nanoTime() < deadline
                        && budget.getAndDecrement() > 0) {
                      step(deadline);
                      next += pace;
                      long wait = next - System.nanoTime();
                      if (wait > 0) {
                        try {
                          Thread.sleep(Duration.ofNanos(wait));
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private void step(long deadline) {
    int dice = ThreadLocalRandom.current().nextInt(100);
    String member = members.get(ThreadLocalRandom.current().nextInt(members.size()));
    Supplier<String> asMember = () -> tokens.member(member);
    // Sign-ups are 3 % of what users do: each costs a bcrypt hash (tens of ms of CPU), and at the
    // 12 % this mix had before passwords, hashing alone slowed every other request on 2 cores.
    if (dice < 50) {
      read(HOME, "/api/members/" + member + "/home", asMember);
    } else if (dice < 65) {
      read(SEARCH, "/api/promotions/search?q=drill", PUBLIC);
    } else if (dice < 68) {
      registerUntil(deadline);
    } else if (dice < 84) {
      int points = 1 + ThreadLocalRandom.current().nextInt(50);
      String key = UUID.randomUUID().toString();
      JsonNode ack =
          retrying(
              POINTS,
              deadline,
              key,
              "/api/members/" + member + "/points",
              Map.of("points", points, "reason", "drill " + run),
              200,
              asMember);
      if (ack != null) {
        pointsAdded.add(new PointsAdded(member, key, points));
      } else {
        unanswered.merge(member, (long) points, Long::sum);
      }
    } else {
      // In turn, not at random: the workers step at the same instants, and 5 claims on one
      // promotion in one instant pass nginx's burst of 3 (8/s per promotion) as 429s.
      String promotion =
          promotions.get(Math.floorMod(nextPromotion.getAndIncrement(), promotions.size()));
      JsonNode ack =
          retrying(
              CLAIM,
              deadline,
              UUID.randomUUID().toString(),
              "/api/promotions/" + promotion + "/claims",
              Map.of("memberId", member),
              201,
              asMember);
      if (ack != null) {
        claimed.add(new Claimed(ack.path("couponId").asText(), promotion, member));
      }
    }
  }

  private void register() {
    String email = "drill-" + run + "-" + sequence.incrementAndGet() + "@example.org";
    JsonNode ack = write(null, "/api/members", registration(email), 201, PUBLIC);
    if (ack != null) {
      members.add(ack.path("id").asText());
      registered.add(new Registered(ack.path("id").asText(), email));
    }
  }

  private void registerUntil(long deadline) {
    String email = "drill-" + run + "-" + sequence.incrementAndGet() + "@example.org";
    JsonNode ack =
        retrying(
            REGISTER,
            deadline,
            UUID.randomUUID().toString(),
            "/api/members",
            registration(email),
            201,
            PUBLIC);
    if (ack != null) {
      members.add(ack.path("id").asText());
      registered.add(new Registered(ack.path("id").asText(), email));
    }
  }

  /** A registration body; its password is made once, so a retry sends the very same request. */
  public static Map<String, Object> registration(String email) {
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      password.append(
          PASSWORD_LETTERS.charAt(ThreadLocalRandom.current().nextInt(PASSWORD_LETTERS.length())));
    }
    return Map.of(
        "name", "Drill", "email", email, "phone", "+49 30 555000", "password", password.toString());
  }

  private void read(String kind, String path, Supplier<String> bearer) {
    HttpRequest request =
        authorized(HttpRequest.newBuilder(URI.create(base + path)), bearer)
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    String failure;
    int status = 0;
    long sent = now();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      status = response.statusCode();
      failure =
          response.statusCode() != 200
              ? describe(response)
              : degraded(kind, response.body())
                  ? "degraded " + degradedSections(response.body())
                  : null;
    } catch (IOException e) {
      failure = e.getClass().getSimpleName() + " " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long ended = now();
    timeline.record(
        ended,
        kind,
        failure == null,
        failure == null ? "" : failure,
        (ended - sent) / 1_000_000L,
        status);
  }

  /**
   * What a failed answer said, short: the status and the problem's type and detail, if any. An
   * error that is not {@code application/problem+json} says so: every answer should be one.
   */
  static String describe(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body();
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (!contentType.startsWith(PROBLEM_JSON)) {
      return response.statusCode()
          + " "
          + NOT_PROBLEM
          + " ("
          + contentType
          + ") "
          + body.substring(0, Math.min(120, body.length())).replace('\n', ' ');
    }
    try {
      JsonNode problem = JSON.readTree(body);
      return response.statusCode()
          + " "
          + problem.path("type").asText()
          + " "
          + problem.path("detail").asText();
    } catch (IOException e) {
      return response.statusCode()
          + " "
          + body.substring(0, Math.min(120, body.length())).replace('\n', ' ');
    }
  }

  private static String degradedSections(String body) {
    try {
      return JSON.readTree(body).path("degraded").toString();
    } catch (IOException e) {
      return "(unreadable body)";
    }
  }

  /** A home page that answers but had to leave a section out did not give the user everything. */
  private static boolean degraded(String kind, String body) {
    if (!kind.equals(HOME)) {
      return false;
    }
    try {
      return JSON.readTree(body).path("degraded").size() > 0;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * A write retried with the same key until acknowledged: each attempt is one request on the
   * timeline. A 409 conflict (already claimed, out of stock) is an answer, not a failure.
   */
  private JsonNode retrying(
      String kind,
      long deadline,
      String key,
      String path,
      Object body,
      int expected,
      Supplier<String> bearer) {
    while (System.nanoTime() < deadline) {
      Attempt attempt = new Attempt();
      long sent = now();
      JsonNode ack = write(key, path, body, expected, bearer, attempt);
      long ended = now();
      timeline.record(
          ended,
          kind,
          ack != null,
          ack != null ? "" : attempt.failure,
          (ended - sent) / 1_000_000L,
          attempt.status);
      if (ack != null) {
        return ack.has("type") ? null : ack;
      }
      // like a careful client: back off a little before the retry, never hammer
      try {
        Thread.sleep(attempt.status == 429 ? REFUSED_BACKOFF : RETRY_BACKOFF);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** What one write attempt met: its HTTP status (0: no answer) and what went wrong, if it did. */
  private static final class Attempt {
    int status;
    String failure;
  }

  private JsonNode write(
      String key, String path, Object body, int expected, Supplier<String> bearer) {
    return write(key, path, body, expected, bearer, new Attempt());
  }

  /**
   * One attempt; the acknowledged body, a problem body for an expected conflict, or null with what
   * went wrong in {@code attempt}.
   */
  private JsonNode write(
      String key,
      String path,
      Object body,
      int expected,
      Supplier<String> bearer,
      Attempt attempt) {
    try {
      HttpRequest request =
          authorized(HttpRequest.newBuilder(URI.create(base + path)), bearer)
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", key == null ? UUID.randomUUID().toString() : key)
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      attempt.status = response.statusCode();
      if (response.statusCode() == expected || response.statusCode() == 409) {
        return JSON.readTree(response.body());
      }
      attempt.failure = describe(response);
      return null;
    } catch (IOException e) {
      attempt.failure = e.getClass().getSimpleName() + " " + e.getMessage();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The token is taken for each attempt: a retried write never carries one that has lapsed. */
  private static HttpRequest.Builder authorized(
      HttpRequest.Builder request, Supplier<String> bearer) {
    return bearer == PUBLIC ? request : request.header("Authorization", "Bearer " + bearer.get());
  }

  public List<String> members() {
    return List.copyOf(members);
  }

  public List<String> promotions() {
    return List.copyOf(promotions);
  }

  Map<String, Long> unansweredPoints() {
    return Map.copyOf(unanswered);
  }
}
