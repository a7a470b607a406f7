package dev.tandem.drills;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Once the cut-off master is back: one master, and the old one its replica with a live link, within
 * 60 s. Asks the servers themselves ({@code ROLE}) twice a second.
 */
final class RedisRoles implements Watch {

  private final String target;
  private final String password;
  private final Map<String, String> servers = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Object> findings = new LinkedHashMap<>();

  RedisRoles(Tandem tandem, String target) {
    this.target = target;
    this.password = tandem.env().get("TANDEM_REDIS_PASSWORD");
    for (JsonNode instance : tandem.status().path("instances")) {
      if (instance.path("component").asText().equals("redis")) {
        servers.put(instance.path("name").asText(), instance.path("address").asText());
      }
    }
  }

  @Override
  public void restored(long nanos) throws InterruptedException {
    long deadline = nanos + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      List<String> masters = new ArrayList<>();
      String targetRole = "no answer";
      for (var server : servers.entrySet()) {
        String role = role(server.getValue());
        if (role.equals("master")) {
          masters.add(server.getKey());
        }
        if (server.getKey().equals(target)) {
          targetRole = role;
        }
      }
      last = "masters " + masters + ", " + target + " " + targetRole;
      if (masters.size() == 1 && targetRole.equals("replica connected")) {
        findings.put("new_master", masters.getFirst());
        findings.put("old_master_replica_after_heal_ms", (System.nanoTime() - nanos) / 1_000_000);
        return;
      }
      Thread.sleep(Duration.ofMillis(500));
    }
    violations.add("60 s after the heal: " + last);
  }

  /** "master", "replica STATE" (the link's state), or what went wrong. */
  private String role(String address) {
    String[] hostPort = address.split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      byte[] secret = password.getBytes(StandardCharsets.UTF_8);
      out.write(
          ("*2\r\n$4\r\nAUTH\r\n$" + secret.length + "\r\n" + password + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write("*1\r\n$4\r\nROLE\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String auth = in.readLine();
      if (!"+OK".equals(auth)) {
        return "refused the password: " + auth;
      }
      // *N, then $len + value for the role; a replica's reply continues: host, port, link state
      in.readLine();
      in.readLine();
      String role = in.readLine();
      if (!"slave".equals(role)) {
        return role;
      }
      in.readLine();
      in.readLine(); // master host
      in.readLine(); // master port (an integer reply)
      in.readLine();
      return "replica " + in.readLine();
    } catch (IOException | RuntimeException e) {
      return "no answer";
    }
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
