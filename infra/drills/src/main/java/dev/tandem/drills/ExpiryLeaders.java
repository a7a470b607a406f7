package dev.tandem.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every 250 ms, asks each promotion-service instance whether it runs the ZooKeeper-elected expiry
 * job ({@code /actuator/info}); two at once is a violation. Once ZooKeeper is back, one of them
 * must lead again within 60 s.
 */
final class ExpiryLeaders implements Watch {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private final List<String> instances = new ArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Map<String, Object> findings = new LinkedHashMap<>();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong leaderless = new AtomicLong();
  private volatile int leaders = -1;
  private Sampler sampler;

  ExpiryLeaders(Tandem tandem, Map<String, String> env) {
    String managementPort = env.get("TANDEM_MANAGEMENT_PORT");
    for (JsonNode instance : tandem.status().path("instances")) {
      if (instance.path("component").asText().equals("promotion-service")) {
        String address = instance.path("address").asText();
        instances.add(address.substring(0, address.lastIndexOf(':') + 1) + managementPort);
      }
    }
  }

  @Override
  public void start() {
    sampler = new Sampler("expiry-leaders", WritableServers.PERIOD, Drill.LONGEST, this::sample);
  }

  private void sample() {
    List<String> leading = new ArrayList<>();
    for (String instance : instances) {
      if (leads(instance)) {
        leading.add(instance);
      }
    }
    samples.incrementAndGet();
    leaders = leading.size();
    if (leading.isEmpty()) {
      leaderless.incrementAndGet();
    }
    if (leading.size() > 1) {
      violations.add(
          "at "
              + System.currentTimeMillis()
              + " the expiry job had "
              + leading.size()
              + " leaders: "
              + leading);
    }
  }

  private boolean leads(String instance) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + instance + "/actuator/info"))
            .timeout(Duration.ofSeconds(1))
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          && JSON.readTree(response.body()).path("expiry").path("leader").asBoolean();
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void restored(long nanos) throws InterruptedException {
    long deadline = nanos + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (leaders == 1) {
        findings.put("expiry_leader_back_after_ms", (System.nanoTime() - nanos) / 1_000_000);
        return;
      }
      Thread.sleep(WritableServers.PERIOD);
    }
    violations.add("no expiry leader 60 s after ZooKeeper's quorum was back");
  }

  @Override
  public List<String> violations() {
    return List.copyOf(violations.size() > 10 ? violations.subList(0, 10) : violations);
  }

  @Override
  public Map<String, Object> findings() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("expiry_samples", samples.get());
    all.put("expiry_leaderless_ms", leaderless.get() * WritableServers.PERIOD.toMillis());
    all.putAll(findings);
    return all;
  }

  @Override
  public void close() {
    if (sampler != null) {
      sampler.close();
    }
  }
}
