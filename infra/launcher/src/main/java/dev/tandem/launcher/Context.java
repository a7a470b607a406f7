package dev.tandem.launcher;

/** What a product needs to act on the cluster. */
record Context(Cluster cluster, Network network, Supervisor supervisor) {

  Topology topology() {
    return cluster.topology;
  }
}
