package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.e2e.Api.Reply;
import dev.tandem.platform.testing.TandemEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The retry budget, counted where the calls arrive: a claim whose provider hangs reaches
 * promotion-service once plus one retry, not the 27 attempts that three retries at three tiers
 * allowed.
 *
 * <p>The hang is real and reversible: the test holds the promotion's row lock in MySQL, so the
 * claim's stock update waits inside the provider (both attempts: the retry waits behind the first
 * on its idempotency record). Each attempt is sent with the time its caller waits ({@code _TO}, see
 * {@code DeadlineFilter}); once the lock is gone both finish, late, and Dubbo's provider-side
 * {@code TimeoutFilter} logs one "invoke timed out. method: claim" line per attempt that reached
 * the provider. Those lines, read from every promotion-service instance's log, are the count.
 */
class RetryBudgetIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TIMED_OUT_CLAIM = "invoke timed out. method: claim";

  /** nginx, gateway and site-service's Dubbo reference each try at most twice. */
  private static final int BUDGET = 2 * 2 * 2;

  private final Api admin = Api.admin();

  @Test
  void aClaimWhoseProviderHangsReachesItOnceAndOneRetryAtMost() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Api.SignedIn member = new Api().registerAndSignIn("Budget", "budget-" + run + "@example.org");
    String promotion = createPromotion("Retry budget " + run);
    List<String> providers = instancesOf("promotion-service");
    Instant sent = Instant.now();

    Reply claim;
    try (Connection db = promotionDatabase()) {
      db.setAutoCommit(false);
      lockRow(db, Long.parseLong(promotion));
      claim =
          member
              .api()
              .post(
                  "/api/promotions/" + promotion + "/claims",
                  Map.of("memberId", member.id()),
                  "budget-" + run);
      db.rollback();
    }

    // Every tier gave up in time: site-service's two attempts of at most 2 s each, then a 504
    // problem that neither the gateway nor nginx retries (a timeout: the write may be running).
    assertThat(claim.status()).as(String.valueOf(claim.body())).isEqualTo(504);
    assertThat(claim.text("type")).isEqualTo("https://tandem.dev/problems/gateway-timeout");

    // Both attempts finish once the lock is gone; then the count must hold still.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> timedOutClaimsSince(sent, providers) >= 2);
    long reached = timedOutClaimsSince(sent, providers);
    assertThat(reached)
        .as("claim attempts that reached promotion-service")
        .isLessThanOrEqualTo(BUDGET)
        // one of each tier in front of it on a lite cluster: only site-service's retry repeats it
        .isEqualTo(providers.size() == 1 ? 2 : reached);

    // The write was applied once, and a replay of the key answers it.
    Reply replay =
        member
            .api()
            .post(
                "/api/promotions/" + promotion + "/claims",
                Map.of("memberId", member.id()),
                "budget-" + run);
    assertThat(replay.status()).as(String.valueOf(replay.body())).isEqualTo(201);
    assertThat(admin.get("/api/promotions/" + promotion).body().path("remaining").asInt())
        .isEqualTo(4);
  }

  private String createPromotion(String title) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Reply reply =
        admin.post(
            "/api/promotions",
            Map.of(
                "title",
                title,
                "description",
                "coupons for the retry budget test",
                "levelRequired",
                "BASIC",
                "stock",
                5,
                "startsAt",
                now.minus(1, ChronoUnit.HOURS).toString(),
                "endsAt",
                now.plus(2, ChronoUnit.HOURS).toString()));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.text("id");
  }

  private static Connection promotionDatabase() throws SQLException {
    Connection db =
        DriverManager.getConnection(
            "jdbc:mysql://"
                + TandemEnvironment.get("TANDEM_MYSQL_PROMOTION")
                + "/"
                + TandemEnvironment.get("TANDEM_MYSQL_PROMOTION_DATABASE"),
            TandemEnvironment.get("TANDEM_MYSQL_USER"),
            TandemEnvironment.get("TANDEM_MYSQL_PASSWORD"));
    return db;
  }

  private static void lockRow(Connection db, long promotionId) throws SQLException {
    try (PreparedStatement lock =
        db.prepareStatement("SELECT id FROM promotion WHERE id = ? FOR UPDATE")) {
      lock.setLong(1, promotionId);
      assertThat(lock.executeQuery().next()).isTrue();
    }
  }

  /** The instances of a component, from {@code ./tandem status --json} (see {@link Tandem}). */
  private static List<String> instancesOf(String component) throws Exception {
    JsonNode status = JSON.readTree(tandem("status", "--json"));
    List<String> names = new ArrayList<>();
    status
        .path("instances")
        .forEach(
            instance -> {
              if (component.equals(instance.path("component").asText())) {
                names.add(instance.path("name").asText());
              }
            });
    assertThat(names).as(component + " instances").isNotEmpty();
    return names;
  }

  /**
   * Lines of the end of each instance's log ({@code ./tandem logs}: its last 200) that report a
   * claim timed out, logged at or after {@code since}: each line starts with its ISO instant.
   */
  private static long timedOutClaimsSince(Instant since, List<String> instances) throws Exception {
    long count = 0;
    for (String instance : instances) {
      count +=
          tandem("logs", instance)
              .lines()
              .filter(line -> line.contains(TIMED_OUT_CLAIM))
              .filter(line -> !loggedAt(line).isBefore(since))
              .count();
    }
    return count;
  }

  private static Instant loggedAt(String line) {
    int end = line.indexOf(' ');
    return Instant.parse(end > 0 ? line.substring(0, end) : line);
  }

  private static String tandem(String... arguments) throws IOException, InterruptedException {
    List<String> command = Tandem.command(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
    return output;
  }
}
