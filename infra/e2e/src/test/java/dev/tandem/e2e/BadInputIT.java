package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.e2e.Api.Reply;
import dev.tandem.e2e.RawHttp.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated bad input, through the entry point, against every endpoint: malformed ids, hostile
 * bodies, odd searches and broken HTTP framing. Whatever a client sends, the answer is never a 5xx,
 * every error is {@code application/problem+json} with a {@code type}, and no body says what runs
 * inside (exception or class names, stack frames, SQL).
 */
class BadInputIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Words that only an implementation leak would put in a body. */
  private static final Pattern LEAK =
      Pattern.compile(
          "(?i)exception|\\bjava\\.|\\bjavax?\\.|org\\.spring|org\\.apache|com\\.mysql|mariadb"
              + "|\\bsql|jdbc|hessian|fastjson|\\.java:\\d|\\bat [a-z]+\\.[a-z]+\\.|elasticsearch"
              + "|netty|tomcat|nginx/");

  private static final RawHttp http = new RawHttp();
  private static final Map<Integer, AtomicInteger> statuses = new ConcurrentSkipListMap<>();
  private static final AtomicInteger cases = new AtomicInteger();
  private static String member;
  private static String promotion;
  private static String memberToken;
  private static String adminToken;

  @BeforeContainer
  static void seed() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Api.SignedIn signedIn =
        new Api().registerAndSignIn("Bad Input", "bad-input-" + run + "@example.org");
    member = signedIn.id();
    memberToken = "Bearer " + Api.mintedFor(Long.parseLong(member));
    Api api = Api.admin();
    adminToken = "Bearer " + Api.mintedAdmin();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> offer =
        Map.of(
            "title",
            "Bad input " + run,
            "description",
            "for the bad-input suite",
            "levelRequired",
            "BASIC",
            "stock",
            1000,
            "startsAt",
            now.minus(1, ChronoUnit.HOURS).toString(),
            "endsAt",
            now.plus(1, ChronoUnit.DAYS).toString());
    // A suite that runs before this one may have just restarted promotion-service (JourneyIT
    // does): until site-service's Dubbo sees it again, writes answer 503. Retry like a careful
    // client, with the same key, so the suite measures bad input, not a restart.
    String key = UUID.randomUUID().toString();
    Reply created =
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api.post("/api/promotions", offer, key), reply -> reply.status() != 503);
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    promotion = created.text("id");
  }

  @AfterContainer
  static void report() {
    System.out.println("bad-input suite: " + cases.get() + " cases, answers by status " + statuses);
  }

  // ---- ids in every path that takes one ----

  @Property(tries = 120)
  void anIdInAnyPathIsReadStrictly(
      @ForAll("ids") String id, @ForAll("pathsWithAnId") String template) {
    String[] parts = template.split(" ", 2);
    String target = parts[1].replace("{id}", id);
    byte[] body =
        parts[0].equals("GET")
            ? null
            : target.endsWith("/points")
                ? "{\"points\": 5, \"reason\": \"bad input\"}".getBytes(StandardCharsets.UTF_8)
                : ("{\"memberId\": \"" + member + "\"}").getBytes(StandardCharsets.UTF_8);
    check(parts[0] + " " + target, http.send(parts[0], target, jsonHeaders(target), body));
  }

  @Provide
  Arbitrary<String> pathsWithAnId() {
    return Arbitraries.of(
        "GET /api/members/{id}",
        "GET /api/members/{id}/home",
        "GET /api/members/{id}/coupons",
        "GET /api/promotions/{id}",
        "POST /api/members/{id}/points",
        "POST /api/promotions/{id}/claims");
  }

  @Provide
  Arbitrary<String> ids() {
    Arbitrary<String> tricky =
        Arbitraries.of(
            "0",
            "-1",
            "+5",
            "0x1F",
            "%231F",
            "007",
            "1.0",
            "1e3",
            "1%2C000",
            "%20%35",
            "5%20",
            "%EF%BC%95",
            "%D9%A5",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999999",
            "-9223372036854775808",
            "NaN",
            "null",
            "true",
            "%00",
            "5%00",
            "..",
            ".",
            "%2e%2e",
            "5;x=1",
            "%FF",
            "%C0%AF",
            "a",
            "%F0%9F%98%80",
            "%E2%80%AE5",
            "1/2",
            "5/",
            "%09");
    Arbitrary<String> random =
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(24).map(BadInputIT::encodePath);
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25);
    return Arbitraries.frequencyOf(Tuple.of(4, tricky), Tuple.of(3, random), Tuple.of(2, digits));
  }

  // ---- bodies of every write ----

  record Write(String path, ObjectNode body, String mutation, String field, JsonNode value) {}

  @Property(tries = 160)
  void aHostileBodyIsRefusedOrStoredNeverAFailure(@ForAll("writes") Write write) {
    ObjectNode body = write.body().deepCopy();
    Map<String, String> headers = jsonHeaders(write.path());
    byte[] bytes;
    switch (write.mutation()) {
      case "replace" -> {
        body.set(write.field(), write.value());
        bytes = text(body);
      }
      case "remove" -> {
        body.remove(write.field());
        bytes = text(body);
      }
      case "unknown field" -> {
        body.set("role", write.value());
        bytes = text(body);
      }
      case "duplicate" -> {
        String json = text(body.deepCopy()).length == 0 ? "{}" : body.toString();
        bytes =
            (json.substring(0, json.length() - 1)
                    + ",\""
                    + write.field()
                    + "\":"
                    + write.value()
                    + "}")
                .getBytes(StandardCharsets.UTF_8);
      }
      case "truncated" -> {
        String json = body.toString();
        bytes = json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
      }
      case "not an object" -> bytes = write.value().toString().getBytes(StandardCharsets.UTF_8);
      case "empty" -> bytes = new byte[0];
      case "text/plain" -> {
        headers.put("Content-Type", "text/plain");
        bytes = text(body);
      }
      case "latin-1" -> {
        headers.put("Content-Type", "application/json; charset=ISO-8859-1");
        bytes =
            body.toString().replace("Drill", "Dr\u00efll").getBytes(StandardCharsets.ISO_8859_1);
      }
      case "invalid utf-8" -> {
        String json = body.toString();
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        bytes = new byte[utf8.length + 2];
        System.arraycopy(utf8, 0, bytes, 0, 2);
        bytes[2] = (byte) 0xC3;
        bytes[3] = (byte) 0x28;
        System.arraycopy(utf8, 2, bytes, 4, utf8.length - 2);
      }
      case "no idempotency key" -> {
        headers.remove("Idempotency-Key");
        bytes = text(body);
      }
      case "no token" -> {
        headers.remove("Authorization");
        bytes = text(body);
      }
      case "forged token" -> {
        headers.put("Authorization", headers.get("Authorization") + "x");
        bytes = text(body);
      }
      case "long idempotency key" -> {
        headers.put("Idempotency-Key", "k".repeat(300));
        bytes = text(body);
      }
      case "deep nesting" ->
          bytes = ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
      default -> throw new IllegalStateException(write.mutation());
    }
    check(
        "POST " + write.path() + " " + write.mutation() + " " + write.field() + "=" + write.value(),
        http.send("POST", write.path(), headers, bytes));
  }

  @Provide
  Arbitrary<Write> writes() {
    Arbitrary<String> endpoints = Arbitraries.of("register", "points", "claim", "promotion");
    Arbitrary<String> mutations =
        Arbitraries.frequency(
            Tuple.of(12, "replace"),
            Tuple.of(2, "remove"),
            Tuple.of(1, "unknown field"),
            Tuple.of(2, "duplicate"),
            Tuple.of(1, "truncated"),
            Tuple.of(1, "not an object"),
            Tuple.of(1, "empty"),
            Tuple.of(1, "text/plain"),
            Tuple.of(1, "latin-1"),
            Tuple.of(1, "invalid utf-8"),
            Tuple.of(1, "no idempotency key"),
            Tuple.of(1, "no token"),
            Tuple.of(1, "forged token"),
            Tuple.of(1, "long idempotency key"),
            Tuple.of(1, "deep nesting"));
    return Combinators.combine(endpoints, mutations, hostileValues(), Arbitraries.integers())
        .as(
            (endpoint, mutation, value, pick) -> {
              ObjectNode body = validBody(endpoint);
              List<String> fields = new ArrayList<>();
              body.fieldNames().forEachRemaining(fields::add);
              String field = fields.get(Math.floorMod(pick, fields.size()));
              return new Write(pathOf(endpoint), body, mutation, field, value);
            });
  }

  private static String pathOf(String endpoint) {
    return switch (endpoint) {
      case "register" -> "/api/members";
      case "points" -> "/api/members/" + member + "/points";
      case "claim" -> "/api/promotions/" + promotion + "/claims";
      default -> "/api/promotions";
    };
  }

  private static ObjectNode validBody(String endpoint) {
    Map<String, Object> fields = new LinkedHashMap<>();
    switch (endpoint) {
      case "register" -> {
        fields.put("name", "Drill Input");
        fields.put("email", "bad-" + UUID.randomUUID() + "@example.org");
        fields.put("phone", "+49 30 1234567");
        fields.put("password", "pw-" + UUID.randomUUID());
      }
      case "points" -> {
        fields.put("points", 3);
        fields.put("reason", "bad input");
      }
      case "claim" -> fields.put("memberId", member);
      default -> {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        fields.put("title", "Drill input");
        fields.put("description", "generated");
        fields.put("levelRequired", "BASIC");
        fields.put("stock", 10);
        fields.put("startsAt", now.minus(1, ChronoUnit.HOURS).toString());
        fields.put("endsAt", now.plus(1, ChronoUnit.DAYS).toString());
      }
    }
    return JSON.valueToTree(fields);
  }

  @Provide
  Arbitrary<JsonNode> hostileValues() {
    Arbitrary<Object> fixed =
        Arbitraries.of(
            (Object) null,
            true,
            1.5,
            2.0,
            -1,
            0,
            2147483648L,
            Long.MAX_VALUE,
            "1e400",
            "",
            "   ",
            "\u0000",
            "a\u0000b",
            "\u001b[31mred",
            "Ada \uD83D\uDE00 Lovelace",
            "\u202Eecalevol",
            "\u05D0\u05D3\u05D4",
            "İ".repeat(150),
            "x".repeat(5000),
            "+10000-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z",
            "2026-13-45T99:99:99Z",
            "9999-12-31T23:59:59.999999999Z",
            99999999999999L,
            "NaN",
            "GOLD",
            "PLATINUM",
            "basic",
            "0x10",
            "１２",
            " 5",
            List.of(),
            List.of(1, 2),
            Map.of(),
            Map.of("$gt", ""),
            "' OR 1=1 --",
            "\"; DROP TABLE members; --",
            "<script>alert(1)</script>",
            "${jndi:ldap://x/a}",
            "../../etc/passwd");
    Arbitrary<Object> strings = Arbitraries.strings().all().ofMaxLength(300).map(s -> s);
    Arbitrary<Object> numbers =
        Arbitraries.oneOf(
            Arbitraries.longs().map(n -> (Object) n),
            Arbitraries.doubles().map(d -> (Object) d),
            Arbitraries.bigIntegers()
                .between(
                    java.math.BigInteger.TWO.pow(70).negate(), java.math.BigInteger.TWO.pow(70))
                .map(n -> (Object) n));
    return Arbitraries.frequencyOf(Tuple.of(5, fixed), Tuple.of(3, strings), Tuple.of(2, numbers))
        .map(JSON::valueToTree);
  }

  // ---- searches ----

  @Property(tries = 60)
  void anySearchTextIsAnsweredOrRefused(@ForAll("queries") String query) {
    check(
        "GET /api/promotions/search" + query,
        http.send("GET", "/api/promotions/search" + query, Map.of(), null));
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.strings().all().ofMinLength(0).ofMaxLength(60),
            Arbitraries.of(
                "*",
                "?",
                "\"",
                "\\",
                "(",
                "a AND",
                "title:x",
                "a~",
                "/regex/",
                "[a TO b]",
                "{",
                "x".repeat(600),
                "\u0000",
                "\uD83D\uDE00",
                "' OR 1=1 --",
                "%",
                "a b"));
    return Arbitraries.oneOf(
        text.map(q -> "?q=" + encodePath(q)),
        text.map(q -> "?q=a&q=" + encodePath(q)),
        Arbitraries.of("", "?", "?q", "?q=", "?x=1", "?q=%ZZ", "?q=%", "?q=a%00b"));
  }

  // ---- framing: what nginx, the gateway and site-service refuse before any code of ours ----

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void brokenHttpGetsAProblemFromWhicheverTierRefusesIt(@ForAll("framing") String name) {
    byte[] request = framing(name);
    check(name, http.exchange(request));
  }

  @Provide
  Arbitrary<String> framing() {
    return Arbitraries.of(
        "garbage request line",
        "bad method characters",
        "HTTP/7.1",
        "raw space in path",
        "NUL in path",
        "URI of 6 KiB",
        "URI of 9 KiB",
        "header line of 9 KiB",
        "headers of 20 KiB",
        "headers of 40 KiB",
        "body of 70 KiB",
        "declared body of 70 KiB",
        "broken chunked body",
        "Content-Length and Transfer-Encoding",
        "two Content-Lengths",
        "TRACE",
        "DELETE a member",
        "PUT a member",
        "PATCH a promotion",
        "OPTIONS",
        "dot-dot to actuator",
        "actuator at the root",
        "actuator through the api prefix",
        "semicolon trick",
        "encoded dot-dot",
        "encoded slash",
        "double slash",
        "backslash",
        "unknown path",
        "unknown api path",
        "no Host header",
        "XML body");
  }

  private static byte[] framing(String name) {
    String host = "Host: entry\r\n";
    String key = "Idempotency-Key: " + UUID.randomUUID() + "\r\n";
    String json = "Content-Type: application/json\r\n";
    String register =
        "{\"name\":\"Ada\",\"email\":\"f-"
            + UUID.randomUUID()
            + "@example.org\",\"phone\":\"+44 20 7946 0000\"}";
    String request =
        switch (name) {
          case "garbage request line" -> "GARBAGE\r\n\r\n";
          case "bad method characters" -> "G@T /api/members/1 HTTP/1.1\r\n" + host + "\r\n";
          case "HTTP/7.1" -> "GET /api/members/1 HTTP/7.1\r\n" + host + "\r\n";
          case "raw space in path" -> "GET /api/members/1 2 HTTP/1.1\r\n" + host + "\r\n";
          case "NUL in path" -> "GET /api/members/1\u00002 HTTP/1.1\r\n" + host + "\r\n";
          case "URI of 9 KiB" ->
              "GET /api/promotions/search?q="
                  + "a".repeat(9 * 1024)
                  + " HTTP/1.1\r\n"
                  + host
                  + "\r\n";
          case "header line of 9 KiB" ->
              "GET /api/members/1 HTTP/1.1\r\n"
                  + host
                  + "X-Big: "
                  + "a".repeat(9 * 1024)
                  + "\r\n\r\n";
          case "URI of 6 KiB" ->
              "GET /api/promotions/search?q="
                  + "a".repeat(6 * 1024)
                  + " HTTP/1.1\r\n"
                  + host
                  + "\r\n";
          case "headers of 20 KiB" ->
              "GET /api/members/1 HTTP/1.1\r\n" + host + bigHeaders(4) + "\r\n";
          case "headers of 40 KiB" ->
              "GET /api/members/1 HTTP/1.1\r\n" + host + bigHeaders(8) + "\r\n";
          case "body of 70 KiB" -> {
            String body = "{\"points\":1,\"reason\":\"" + "a".repeat(70 * 1024) + "\"}";
            yield "POST /api/members/"
                + member
                + "/points HTTP/1.1\r\n"
                + host
                + key
                + json
                + "Content-Length: "
                + body.length()
                + "\r\n\r\n"
                + body;
          }
          case "declared body of 70 KiB" ->
              "POST /api/members HTTP/1.1\r\n"
                  + host
                  + key
                  + json
                  + "Content-Length: 71680\r\n\r\n{}";
          case "broken chunked body" ->
              "POST /api/members HTTP/1.1\r\n"
                  + host
                  + key
                  + json
                  + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
          case "Content-Length and Transfer-Encoding" ->
              "POST /api/members HTTP/1.1\r\n"
                  + host
                  + key
                  + json
                  + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
          case "two Content-Lengths" ->
              "POST /api/members HTTP/1.1\r\n"
                  + host
                  + key
                  + json
                  + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}";
          case "TRACE" -> "TRACE /api/members/1 HTTP/1.1\r\n" + host + "\r\n";
          case "DELETE a member" ->
              "DELETE /api/members/" + member + " HTTP/1.1\r\n" + host + "\r\n";
          case "PUT a member" ->
              "PUT /api/members/"
                  + member
                  + " HTTP/1.1\r\n"
                  + host
                  + key
                  + json
                  + "Content-Length: "
                  + register.length()
                  + "\r\n\r\n"
                  + register;
          case "PATCH a promotion" ->
              "PATCH /api/promotions/"
                  + promotion
                  + " HTTP/1.1\r\n"
                  + host
                  + json
                  + "Content-Length: 2\r\n\r\n{}";
          case "OPTIONS" -> "OPTIONS /api/members HTTP/1.1\r\n" + host + "\r\n";
          case "dot-dot to actuator" -> "GET /api/../actuator/env HTTP/1.1\r\n" + host + "\r\n";
          case "actuator at the root" -> "GET /actuator/env HTTP/1.1\r\n" + host + "\r\n";
          case "actuator through the api prefix" ->
              "GET /api/actuator/health HTTP/1.1\r\n" + host + "\r\n";
          case "semicolon trick" -> "GET /api/..;/actuator/env HTTP/1.1\r\n" + host + "\r\n";
          case "encoded dot-dot" -> "GET /api/%2e%2e/actuator/env HTTP/1.1\r\n" + host + "\r\n";
          case "encoded slash" -> "GET /api/members%2F1 HTTP/1.1\r\n" + host + "\r\n";
          case "double slash" -> "GET /api//members/1 HTTP/1.1\r\n" + host + "\r\n";
          case "backslash" -> "GET /api\\members\\1 HTTP/1.1\r\n" + host + "\r\n";
          case "unknown path" -> "GET /wp-admin/setup.php HTTP/1.1\r\n" + host + "\r\n";
          case "unknown api path" -> "GET /api/orders/1 HTTP/1.1\r\n" + host + "\r\n";
          case "no Host header" -> "GET /api/members/1 HTTP/1.1\r\n\r\n";
          case "XML body" ->
              "POST /api/members HTTP/1.1\r\n"
                  + host
                  + key
                  + "Content-Type: application/xml\r\n"
                  + "Content-Length: 7\r\n\r\n<a>1</a";
          default -> throw new IllegalStateException(name);
        };
    return request.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code count} header lines of 5 KiB each: under nginx's 8 KiB per line, 5 KiB more in all. */
  private static String bigHeaders(int count) {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < count; i++) {
      headers.append("X-Big-").append(i).append(": ").append("a".repeat(5 * 1024)).append("\r\n");
    }
    return headers.toString();
  }

  // ---- the rules every answer follows ----

  private static void check(String what, Answer answer) {
    cases.incrementAndGet();
    statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
    String described = what + " -> " + answer.status() + " " + answer.body();
    assertThat(answer.status()).as(described).isLessThan(500);
    if (answer.status() < 400) {
      return;
    }
    assertThat(answer.contentType()).as(described).startsWith("application/problem+json");
    JsonNode problem;
    try {
      problem = JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + described, e);
    }
    assertThat(problem.path("type").asText())
        .as(described)
        .startsWith("https://tandem.dev/problems/");
    // the path the client sent is echoed as "instance": anything the client wrote may be there
    ObjectNode withoutEcho = ((ObjectNode) problem).deepCopy();
    withoutEcho.remove("instance");
    assertThat(withoutEcho.toString()).as(described).doesNotContainPattern(LEAK);
  }

  /**
   * A claim carries the seeded member's own token; everything else an admin's, which may reach any
   * member's paths: so a request is refused for its input, not stopped at the door.
   */
  private static Map<String, String> jsonHeaders(String target) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", UUID.randomUUID().toString());
    headers.put("Authorization", target.endsWith("/claims") ? memberToken : adminToken);
    return headers;
  }

  private static byte[] text(JsonNode body) {
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Percent-encodes all but RFC 3986's unreserved characters, as a careful client would. */
  static String encodePath(String raw) {
    StringBuilder out = new StringBuilder();
    for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
