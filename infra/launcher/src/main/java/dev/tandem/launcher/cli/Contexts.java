package dev.tandem.launcher.cli;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.product.Products;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** The one place the commands make a {@link Context}: for a new cluster, or as one was recorded. */
record Contexts(Path root, String clusterName) {

  Topology topology(String profile, String subnet) {
    return Topology.load(root.resolve("infra/topology.yml"), profile, Optional.ofNullable(subnet));
  }

  Context context(String profile, String subnet) {
    return Products.context(new Cluster(root, clusterName, topology(profile, subnet)));
  }

  /** The cluster as the last {@code up} laid it out, if one is recorded. */
  Optional<Context> recorded() {
    Optional<Properties> record = Cluster.readRecord(root, clusterName);
    return record.map(r -> context(r.getProperty("profile"), r.getProperty("subnet")));
  }

  /** The recorded cluster whose supervisord runs and whose network is routed. */
  Optional<Context> running() {
    return recorded().filter(c -> c.supervisor().running() && c.network().routed());
  }

  Context requireUp() {
    return recorded().filter(c -> c.network().routed()).orElseThrow(this::notUp);
  }

  Main.NotUp notUp() {
    return new Main.NotUp(
        "cluster '" + clusterName + "' is not up; start it with ./tandem up [lite|ha]");
  }
}
