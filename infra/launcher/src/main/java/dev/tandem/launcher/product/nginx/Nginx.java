package dev.tandem.launcher.product.nginx;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** nginx on each lb host, proxying to every gateway; keepalived moves the VIP between them. */
public final class Nginx implements Product {

  @Override
  public String component() {
    return "nginx";
  }

  /** The entry point: the lb VIP in ha, the one nginx host in lite. */
  @Override
  public List<String> endpoints(Context context) {
    Topology topology = context.topology();
    String address =
        topology
            .vip(topology.of(component()).getFirst().host().group(), null)
            .map(Topology.Vip::address)
            .orElseGet(() -> topology.of(component()).getFirst().address());
    return List.of("TANDEM_URL=http://" + address);
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    Map<String, String> variables = Product.commonVariables(context, instance);
    List<Map<String, String>> gateways =
        context.topology().of("gateway").stream()
            .map(g -> Map.of("address", g.address(), "port", Integer.toString(g.port())))
            .toList();
    return Product.renderAll(
        context,
        "nginx",
        List.of("nginx.conf"),
        variables,
        Map.of(
            "gateways",
            gateways,
            // a list of one item when there are none: nginx.conf then marks its upstream down
            "no_gateways",
            gateways.isEmpty() ? List.of(Map.of()) : List.of()));
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Product.super.prepare(context, instance);
    Product.installScripts(
        context, "nginx", List.of("nginx-run.sh"), context.cluster().conf(instance));
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    return new Supervisor.Program(
        instance.name(),
        context
            .network()
            .exec(
                instance.host(),
                cluster.conf(instance).resolve("nginx-run.sh").toString(),
                cluster.conf(instance).resolve("nginx.conf").toString(),
                cluster.run(instance).toString(),
                cluster.logDir(instance).toString()),
        Map.of(),
        15);
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    for (Instance nginx : instances) {
      try {
        Wire.Response response = Wire.get("http://" + nginx.endpoint() + "/nginx-health");
        probes.put(
            nginx.name(),
            response.statusCode() == 200
                ? new Probe(true, "lb", "")
                : Probe.down("HTTP " + response.statusCode()));
      } catch (IOException e) {
        probes.put(nginx.name(), Probe.down(String.valueOf(e.getMessage())));
      }
    }
    return probes;
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    return Product.allHealthy(instances, probes, "answer /nginx-health");
  }
}
