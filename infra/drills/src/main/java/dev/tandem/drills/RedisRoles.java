package dev.tandem.drills;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Once the cut-off master is back: one master, and the old one a replica, within 60 s. */
final class RedisRoles implements Watch {

  private final Tandem tandem;
  private final String target;
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Object> findings = new LinkedHashMap<>();

  RedisRoles(Tandem tandem, String target) {
    this.tandem = tandem;
    this.target = target;
  }

  @Override
  public void restored(long nanos) throws InterruptedException {
    long deadline = nanos + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      List<String> masters = new ArrayList<>();
      String targetRole = null;
      boolean targetLinked = false;
      for (JsonNode instance : tandem.status().path("instances")) {
        if (!instance.path("component").asText().equals("redis")) {
          continue;
        }
        if (instance.path("role").asText().equals("master")) {
          masters.add(instance.path("name").asText());
        }
        if (instance.path("name").asText().equals(target)) {
          targetRole = instance.path("role").asText(null);
          targetLinked = instance.path("healthy").asBoolean();
        }
      }
      last = "masters " + masters + ", " + target + " " + targetRole;
      if (masters.size() == 1 && "replica".equals(targetRole) && targetLinked) {
        findings.put("new_master", masters.getFirst());
        findings.put("old_master_replica_after_heal_ms", (System.nanoTime() - nanos) / 1_000_000);
        return;
      }
      Thread.sleep(Duration.ofSeconds(1));
    }
    violations.add("60 s after the heal: " + last);
  }

  @Override
  public List<String> violations() {
    return List.copyOf(violations);
  }

  @Override
  public Map<String, Object> findings() {
    return findings;
  }
}
