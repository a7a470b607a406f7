package dev.tandem.launcher.product.zookeeper;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Endpoints;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ZooKeeper ensemble. Even {@code lite}'s single server runs in quorum mode ({@code
 * standaloneEnabled=false}), so it reports itself as leader like a real ensemble does.
 */
public final class ZooKeeper implements Product {

  @Override
  public String component() {
    return "zookeeper";
  }

  @Override
  public List<String> endpoints(Context context) {
    return List.of("TANDEM_ZOOKEEPER=" + Endpoints.of(context.topology(), component()));
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    List<Map<String, String>> servers =
        context.topology().of("zookeeper").stream()
            .map(zk -> Map.of("ordinal", Integer.toString(zk.ordinal()), "address", zk.address()))
            .toList();
    return Product.renderAll(
        context,
        "zookeeper",
        List.of("zoo.cfg", "logback.xml"),
        Product.commonVariables(context, instance),
        Map.of("servers", servers));
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Product.super.prepare(context, instance);
    Path data = context.cluster().data(instance);
    try {
      Files.createDirectories(data);
      Files.writeString(data.resolve("myid"), instance.ordinal() + "\n");
    } catch (IOException e) {
      throw new LauncherException(
          "cannot write " + data.resolve("myid") + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Path conf = cluster.conf(instance);
    return new Supervisor.Program(
        instance.name(),
        context
            .network()
            .exec(
                instance.host(),
                cluster.middlewareJava() + "/bin/java",
                instance.heap().initialOption(),
                instance.heap().maxOption(),
                "-Dlogback.configurationFile=" + conf.resolve("logback.xml"),
                "-cp",
                cluster.products().resolve("zookeeper/lib") + "/*",
                "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                conf.resolve("zoo.cfg").toString()),
        Map.of(),
        30);
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    for (Instance zk : instances) {
      try {
        String answer = Wire.fourLetterWord(zk.address(), zk.port(), "srvr");
        String mode =
            answer
                .lines()
                .filter(l -> l.startsWith("Mode:"))
                .map(l -> l.substring(5).trim())
                .findFirst()
                .orElse(null);
        boolean serving = mode != null && (mode.equals("leader") || mode.equals("follower"));
        probes.put(zk.name(), new Probe(serving, mode, serving ? "" : answer.strip()));
      } catch (IOException e) {
        probes.put(zk.name(), Probe.down(e.getMessage()));
      }
    }
    return probes;
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    long leaders = probes.values().stream().filter(p -> "leader".equals(p.role())).count();
    long followers = probes.values().stream().filter(p -> "follower".equals(p.role())).count();
    if (leaders == 1 && followers == instances.size() - 1) {
      return Optional.empty();
    }
    return Optional.of(leaders + " leader, " + followers + " followers of " + instances.size());
  }
}
