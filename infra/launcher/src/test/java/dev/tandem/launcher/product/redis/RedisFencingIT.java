package dev.tandem.launcher.product.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Product.Facts;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import dev.tandem.launcher.product.Products;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fencing rule of {@code infra/redis/redis.conf}, on real redis-server processes started on
 * loopback from the configs {@code up} renders: a master whose replicas stop acknowledging (both
 * stopped with SIGSTOP, so their connections stay open, as across a partition) refuses writes
 * within the bound the config states, well before Sentinel's down-after lets it be replaced; lite's
 * lone server keeps taking writes. Every process started here is stopped by its pid.
 */
public class RedisFencingIT {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Path STATE = Path.of("target/redis-fencing").toAbsolutePath();
  private static final String LOOPBACK = "127.0.0.1";

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopWhatThisTestStarted() throws InterruptedException {
    for (Process server : started) {
      Proc.run(List.of("kill", "-CONT", String.valueOf(server.pid())), Duration.ofSeconds(5));
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMasterThatHearsFromNoReplicaRefusesWritesWithinTheBoundAndBeforeSentinelCallsItDown()
      throws Exception {
    Context ha = context("ha");
    int maxLagSeconds = setting(ha, "redis-1", "redis.conf", "min-replicas-max-lag");
    int downAfterMillis =
        setting(ha, "sentinel-1", "sentinel.conf", "sentinel down-after-milliseconds tandem");
    int master = freePort();
    start(ha, "redis-1", master);
    Process replica2 = start(ha, "redis-2", freePort(), "--replicaof", LOOPBACK, "" + master);
    Process replica3 = start(ha, "redis-3", freePort(), "--replicaof", LOOPBACK, "" + master);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                "OK"
                    .equals(
                        Wire.redis(
                            LOOPBACK, master, password(ha), "SET", "fencing", "replicated")));

    for (Process replica : List.of(replica2, replica3)) {
      Proc.check("kill", "-STOP", String.valueOf(replica.pid()));
    }
    long cut = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(maxLagSeconds + 2).plusMillis(500))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> refusesWrites(master, password(ha)));
    Duration stillWritable = Duration.ofNanos(System.nanoTime() - cut);

    assertThat(stillWritable).isLessThan(Duration.ofMillis(downAfterMillis - 500));
    assertThat(Wire.redis(LOOPBACK, master, password(ha), "GET", "fencing"))
        .as("reads go on")
        .isNotNull();
  }

  @Test
  void theLoneServerOfLiteTakesWrites() throws Exception {
    int server = freePort();
    Context lite = context("lite");
    start(lite, "redis-1", server);

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                "OK"
                    .equals(
                        Wire.redis(LOOPBACK, server, password(lite), "SET", "fencing", "alone")));
  }

  private static String password(Context context) {
    return Secrets.of(context.cluster()).redis();
  }

  private static boolean refusesWrites(int port, String password) {
    try {
      Wire.redis(LOOPBACK, port, password, "SET", "fencing", "cut off");
      return false;
    } catch (IOException e) {
      return e.getMessage().contains("NOREPLICAS");
    }
  }

  private static Context context(String profile) {
    Topology topology =
        Topology.load(ROOT.resolve("infra/topology.yml"), profile, Optional.empty());
    Cluster cluster = new Cluster(ROOT, "fencing", topology, STATE.resolve(profile));
    return Products.context(cluster);
  }

  private static Map<String, String> render(Context context, String name) {
    Instance instance = context.topology().require(name);
    return context.product(instance.component()).render(context, instance, Facts.fixed(Map.of()));
  }

  private static int setting(Context context, String instance, String file, String name) {
    Matcher value =
        Pattern.compile("(?m)^" + name + " (\\d+)$").matcher(render(context, instance).get(file));
    assertThat(value.find()).as(file + ": " + name).isTrue();
    return Integer.parseInt(value.group(1));
  }

  /** The instance's rendered config, on loopback at {@code port}; the later arguments win. */
  private Process start(Context context, String name, int port, String... overrides)
      throws IOException {
    Instance instance = context.topology().require(name);
    Path conf = context.cluster().conf(instance);
    Product.write(conf, render(context, name));
    for (Path dir : List.of(context.cluster().data(instance), context.cluster().run(instance))) {
      Files.createDirectories(dir);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                conf.resolve("redis.conf").toString(),
                "--bind",
                LOOPBACK,
                "--port",
                String.valueOf(port)));
    command.addAll(List.of(overrides));
    Process server =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(conf.resolve("redis.log").toFile())
            .start();
    started.add(server);
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    }
  }
}
