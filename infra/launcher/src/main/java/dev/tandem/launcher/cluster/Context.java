package dev.tandem.launcher.cluster;

/** What a product needs to act on the cluster. */
public record Context(
    Cluster cluster, Network network, Supervisor supervisor, Catalogue catalogue) {

  public Topology topology() {
    return cluster.topology;
  }

  /** The product that runs the component, as the topology names it. */
  public Product product(String component) {
    return catalogue.product(topology().productOf(component), component);
  }
}
