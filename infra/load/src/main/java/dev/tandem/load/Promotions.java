package dev.tandem.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offers a run's visitors claim, made by an operator before the first visitor arrives. Each
 * visitor claims one, taken in turn, so every offer sees the same share of claims: few enough that
 * nginx's flash-sale admission (20 claims a second per promotion) is not what the run measures, and
 * stock enough that every claim may succeed.
 */
final class Promotions {

  /** Claims a second each offer gets at most on average, well under nginx's 20 (burst 5). */
  static final double CLAIMS_PER_SECOND_EACH = 4;

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"?([0-9A-Za-z-]+)\"?");

  private final List<String> ids = new CopyOnWriteArrayList<>();
  private final String run;

  Promotions(String run) {
    this.run = run;
  }

  /** How many offers a run at this rate needs. */
  static int countFor(double visitorsPerSecond) {
    return Math.max(2, (int) Math.ceil(visitorsPerSecond / CLAIMS_PER_SECOND_EACH));
  }

  /** Stock per offer: every visitor's claim can succeed, with room for the last partial second. */
  static int stockFor(long visitors, int offers) {
    return (int) Math.min(Integer.MAX_VALUE, visitors / offers + 20);
  }

  /** The word the run's offers share in their titles, which visitors search for. */
  String searchWord() {
    return "load" + run;
  }

  void create(LoadSettings settings) {
    int count = countFor(settings.visitorsPerSecond());
    int stock = stockFor(settings.expectedVisitors(), count);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < count; i++) {
      String body =
          """
          {"title": "%s offer %d", "description": "coupons for the load run %s",
           "levelRequired": "BASIC", "stock": %d, "startsAt": "%s", "endsAt": "%s"}
          """
              .formatted(
                  searchWord(),
                  i,
                  run,
                  stock,
                  now.minus(1, ChronoUnit.HOURS),
                  now.plus(1, ChronoUnit.DAYS));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/promotions"))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + settings.adminToken())
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      ids.add(idOf(send(http, request)));
    }
  }

  private static String send(HttpClient http, HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException(
            "creating the run's offers: "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(
          "creating the run's offers: " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the run's offers", e);
    }
  }

  static String idOf(String created) {
    Matcher id = ID.matcher(created);
    if (!id.find()) {
      throw new IllegalStateException("a created offer without an id: " + created);
    }
    return id.group(1);
  }

  /** The offer visitor {@code n} claims: in turn, so each gets the same share. */
  String forVisitor(long n) {
    if (ids.isEmpty()) {
      throw new IllegalStateException(
          "no offers: the run's visitors arrived before they were made");
    }
    return ids.get((int) (n % ids.size()));
  }
}
