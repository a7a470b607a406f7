package dev.tandem.launcher.cluster;

/** What a product needs to act on the cluster. */
public record Context(Cluster cluster, Network network, Supervisor supervisor) {

  public Topology topology() {
    return cluster.topology;
  }
}
