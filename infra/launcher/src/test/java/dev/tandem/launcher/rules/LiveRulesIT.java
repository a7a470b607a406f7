package dev.tandem.launcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.platform.endpoints.EndpointLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tandem rules} and {@code ./tandem block} against the running cluster's ZooKeeper, each
 * command run as an operator runs it, checked with ZooKeeper's own client. The services of the
 * cluster watch these nodes, so the test only adds rules for resources no request uses and
 * addresses from the documentation range (203.0.113.0/24), and puts every node back as it found it.
 */
public class LiveRulesIT {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  /** The kind the round trip changes: an authority rule on a resource no request uses. */
  private static final String APPLICATION = "promotion-service";

  private static final String NODE = "/tandem/sentinel/" + APPLICATION + "/authority";

  private static ZooKeeper zooKeeper;
  private static String zooKeeperServers;
  private static Optional<byte[]> authorityBefore;
  private static Optional<byte[]> blockListBefore;

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void clusterIsUp() throws Exception {
    if (tandem(ROOT, Duration.ofSeconds(60), "is-up").exit() != 0) {
      Run up = tandem(ROOT, Duration.ofMinutes(10), "up", "lite");
      if (up.exit() != 0) {
        fail(
            "no cluster is up and `./tandem up lite` failed; run it by hand (as root):\n"
                + up.out()
                + up.err());
      }
    }
    Run env = tandem(ROOT, Duration.ofSeconds(60), "env");
    assertThat(env.exit()).as(env.err()).isZero();
    Map<String, String> endpoints = EndpointLines.parse(env.out());
    zooKeeperServers = endpoints.get("TANDEM_ZOOKEEPER");
    zooKeeper = new ZooKeeper(zooKeeperServers, 10_000, event -> {});
    await().atMost(Duration.ofSeconds(15)).until(() -> zooKeeper.getState().isConnected());
    authorityBefore = data(NODE);
    blockListBefore = data(BlockList.PATH);
  }

  @AfterAll
  static void putBackWhatWasThere() throws Exception {
    if (zooKeeper == null) {
      return;
    }
    try {
      // never delete: a service's data source takes a deleted node for "no rules at all"
      restore(NODE, authorityBefore.orElse("[]".getBytes(StandardCharsets.UTF_8)));
      if (blockListBefore.isPresent()) {
        restore(BlockList.PATH, blockListBefore.get());
      } else if (data(BlockList.PATH).isPresent()) {
        restore(
            BlockList.PATH, "{\"addresses\":[],\"members\":[]}".getBytes(StandardCharsets.UTF_8));
      }
    } finally {
      zooKeeper.close();
    }
  }

  private static void restore(String path, byte[] value) throws Exception {
    if (zooKeeper.exists(path, false) != null) {
      zooKeeper.setData(path, value, -1);
    }
  }

  private static Optional<byte[]> data(String path) throws Exception {
    if (zooKeeper.exists(path, false) == null) {
      return Optional.empty();
    }
    return Optional.of(zooKeeper.getData(path, false, null));
  }

  private static JsonNode json(String path) throws Exception {
    return JSON.readTree(data(path).orElseThrow());
  }

  /** Runs {@code ./tandem ARGS} from the directory, with this test's cluster environment. */
  private static Run tandem(Path from, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("tandem").toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("tandem-out", ".txt");
      Path err = Files.createTempFile("tandem-err", ".txt");
      Process process =
          new ProcessBuilder(command)
              .directory(from.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", args) + " took more than " + timeout);
      }
      Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return run;
    } catch (IOException e) {
      throw new AssertionError("cannot run ./tandem: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private Run tandem(String... args) {
    return tandem(dir, Duration.ofSeconds(60), args);
  }

  @Test
  void whatApplyWritesIsInZooKeeperAndShowPrintsItBackForTheNextApply() throws Exception {
    Run before = tandem("rules", "show", APPLICATION);
    assertThat(before.exit()).as(before.err()).isZero();
    ObjectNode file = (ObjectNode) JSON.readTree(before.out());
    ArrayNode authority =
        file.has("authority") ? (ArrayNode) file.get("authority") : file.putArray("authority");
    ObjectNode rule =
        authority
            .addObject()
            .put("resource", "tandem-it-" + RUN)
            .put("limitApp", "tandem-it")
            .put("strategy", 1);
    Files.writeString(dir.resolve("rules.json"), JSON.writeValueAsString(file));

    // a path relative to where the operator stands, not to the repository
    Run apply = tandem("rules", "apply", "rules.json");

    assertThat(apply.exit()).as(apply.err()).isZero();
    assertThat(apply.out())
        .contains("promotion-service: ")
        .contains("authority " + authority.size());
    assertThat(json(NODE)).isEqualTo(authority);
    assertThat(json(NODE).get(authority.size() - 1)).isEqualTo(rule);

    Run shown = tandem("rules", "show", APPLICATION);
    assertThat(shown.exit()).as(shown.err()).isZero();
    assertThat(JSON.readTree(shown.out())).isEqualTo(file);

    // show's output is a file apply takes as it is; nothing changed, so nothing is rewritten
    Files.writeString(dir.resolve("shown.json"), shown.out());
    Stat stat = zooKeeper.exists(NODE, false);
    Run again = tandem("rules", "apply", dir.resolve("shown.json").toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("authority " + authority.size() + " (unchanged)");
    assertThat(zooKeeper.exists(NODE, false).getVersion()).isEqualTo(stat.getVersion());
  }

  @Test
  void showWithoutAnApplicationPrintsEveryApplication() throws Exception {
    Run shown = tandem("rules", "show");

    assertThat(shown.exit()).as(shown.err()).isZero();
    JsonNode all = JSON.readTree(shown.out());
    assertThat(all.findValuesAsText("application"))
        .containsExactly("gateway", "site-service", "member-service", "promotion-service");
  }

  @Test
  void aFileWithOneBadRuleWritesNothingAndSaysWhere() throws Exception {
    Stat before = zooKeeper.exists(NODE, false);
    Files.writeString(
        dir.resolve("bad.json"),
        """
        {"application": "promotion-service",
         "authority": [{"resource": "tandem-it", "limitApp": "x", "strategy": 1}],
         "flow": [{"resource": "tandem-it", "count": 1}, {"resource": "tandem-it", "count": -1}]}
        """);

    Run apply = tandem("rules", "apply", "bad.json");

    assertThat(apply.exit()).isEqualTo(2);
    assertThat(apply.err())
        .contains(
            "tandem: bad.json: promotion-service flow[1]: Sentinel would skip this rule; it needs"
                + " FlowRuleUtil.isValidRule")
        .contains("nothing was written");
    Stat after = zooKeeper.exists(NODE, false);
    assertThat(after == null ? -1 : after.getMzxid())
        .isEqualTo(before == null ? -1 : before.getMzxid());
  }

  @Test
  void blockedEntriesAreInTheNodeTheGatewaysReadUntilUnblocked() throws Exception {
    String address = "203.0.113." + (1 + Math.floorMod(RUN.hashCode(), 100));
    String member = "member:" + (7_000_000_000_000_000L + Math.floorMod(RUN.hashCode(), 1000));

    Run block = tandem("block", address, member);

    assertThat(block.exit()).as(block.err()).isZero();
    assertThat(block.out()).startsWith("blocked " + address + " " + member);
    JsonNode document = json(BlockList.PATH);
    assertThat(texts(document.get("addresses"))).contains(address);
    assertThat(texts(document.get("members"))).contains(member.substring("member:".length()));
    Run list = tandem("block");
    assertThat(list.out().lines()).contains(address, member);
    assertThat(tandem("block", address).out()).isEqualTo("already blocked: " + address + "\n");

    Run unblock = tandem("unblock", address, member);

    assertThat(unblock.exit()).as(unblock.err()).isZero();
    document = json(BlockList.PATH);
    assertThat(texts(document.get("addresses"))).doesNotContain(address);
    assertThat(texts(document.get("members"))).doesNotContain(member.substring("member:".length()));
  }

  @Test
  void aHostNameIsRefusedWithTheWayOut() {
    Run block = tandem("block", "gateway-1.example");

    assertThat(block.exit()).isEqualTo(2);
    assertThat(block.err()).contains("'gateway-1.example' is neither an IPv4 or IPv6 address");
  }

  @Test
  void aChangeMadeBetweenOurReadAndOurWriteIsKept() throws Exception {
    String ours = "203.0.113.201";
    String theirs = "203.0.113.202";
    AtomicInteger attempts = new AtomicInteger();

    try (ConfigCentre centre =
        ConfigCentre.connect(zooKeeperServers, Duration.ofSeconds(10), "the test's cluster")) {
      centre.update(
          BlockList.PATH,
          current -> {
            if (attempts.incrementAndGet() == 1) {
              // another operator's block lands after our read
              Run other = tandem(dir, Duration.ofSeconds(60), "block", theirs);
              assertThat(other.exit()).as(other.err()).isZero();
            }
            return BlockList.apply(current, List.of(new BlockList.Address(ours)), true).document();
          });
    }

    assertThat(attempts).hasValue(2);
    assertThat(texts(json(BlockList.PATH).get("addresses"))).contains(ours, theirs);
    assertThat(tandem("unblock", ours, theirs).exit()).isZero();
  }

  @Test
  void operatorsBlockingAtTheSameMomentAllGetTheirEntryIn() throws Exception {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      addresses.add("203.0.113." + (210 + i));
    }
    try (ExecutorService operators = Executors.newFixedThreadPool(addresses.size())) {
      List<Future<Run>> runs = new ArrayList<>();
      for (String address : addresses) {
        runs.add(operators.submit(() -> tandem(dir, Duration.ofSeconds(120), "block", address)));
      }
      for (Future<Run> run : runs) {
        Run done = run.get(150, TimeUnit.SECONDS);
        assertThat(done.exit()).as(done.err()).isZero();
      }
    }

    assertThat(texts(json(BlockList.PATH).get("addresses"))).containsAll(addresses);
    List<String> unblock = new ArrayList<>(List.of("unblock"));
    unblock.addAll(addresses);
    assertThat(tandem(unblock.toArray(String[]::new)).exit()).isZero();
  }

  @Test
  void aClusterThatIsNotUpIsNamedWithTheCommandToStartIt() throws Exception {
    // the environment is ours but for the cluster's name
    ProcessBuilder builder =
        new ProcessBuilder(ROOT.resolve("tandem").toString(), "block").redirectErrorStream(true);
    builder.environment().put("TANDEM_CLUSTER", "itnotup");
    builder.environment().remove("TANDEM_SUBNET");
    Process notUp = builder.start();
    notUp.getOutputStream().close();
    String output = new String(notUp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(notUp.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(notUp.exitValue()).isEqualTo(3);
    assertThat(output).contains("cluster 'itnotup' is not up; start it with ./tandem up");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
