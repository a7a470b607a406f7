package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Product.Probe;
import dev.tandem.launcher.cluster.Topology.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Looks at the running cluster: supervisord's view of each process and each product's own view. */
public final class Observer {

  /** One row of {@code status}. */
  public record Row(Instance instance, Supervisor.State process, Probe probe, boolean isolated) {
    boolean running() {
      return process != null && process.running();
    }

    boolean healthy() {
      return running() && probe != null && probe.healthy();
    }

    String role() {
      return running() && probe != null ? probe.role() : null;
    }

    Integer pid() {
      return running() ? process.pid() : null;
    }
  }

  private final Context context;

  public Observer(Context context) {
    this.context = context;
  }

  /** Probes the given components concurrently: one slow product must not slow the others. */
  Map<String, Map<String, Probe>> probe(List<String> components) {
    Map<String, Map<String, Probe>> result = new LinkedHashMap<>();
    try (ExecutorService executor = Threads.perTask()) {
      Map<String, Future<Map<String, Probe>>> futures = new LinkedHashMap<>();
      for (String component : components) {
        List<Instance> instances = context.topology().of(component);
        if (!instances.isEmpty()) {
          futures.put(
              component,
              executor.submit(() -> context.product(component).probe(context, instances)));
        }
      }
      for (var entry : futures.entrySet()) {
        try {
          result.put(entry.getKey(), entry.getValue().get());
        } catch (Exception e) {
          result.put(entry.getKey(), Map.of());
        }
      }
    }
    return result;
  }

  List<String> components() {
    return context.topology().instances().stream().map(Instance::component).distinct().toList();
  }

  public List<Row> rows() {
    Map<String, Supervisor.State> processes = context.supervisor().states();
    Set<Topology.Host> isolated;
    Map<String, Map<String, Probe>> probes;
    // the look at the bridge starts a process: it runs while the products are probed
    try (ExecutorService executor = Threads.perTask()) {
      Future<Set<Topology.Host>> cut = executor.submit(() -> context.network().isolatedHosts());
      probes = probe(components());
      isolated = cut.get();
    } catch (ExecutionException e) {
      throw new LauncherException("cannot look at the cluster's bridge: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LauncherException("interrupted", e);
    }
    List<Row> rows = new ArrayList<>();
    for (Instance instance : context.topology().instances()) {
      boolean cut = isolated.contains(instance.host());
      Probe probe = probes.getOrDefault(instance.component(), Map.of()).get(instance.name());
      rows.add(new Row(instance, processes.get(instance.name()), probe, cut));
    }
    return rows;
  }
}
