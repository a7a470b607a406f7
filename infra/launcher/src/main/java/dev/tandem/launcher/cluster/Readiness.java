package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Product.Probe;
import dev.tandem.launcher.cluster.Topology.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Waits until components work as their products see it, printing each change of what they wait for,
 * and fails fast, with the suspect's log, when a process dies or the time is up.
 */
final class Readiness {

  private final Context context;
  private final Duration timeout;
  private final BiConsumer<String, String> progress;

  Readiness(Context context, Duration timeout, BiConsumer<String, String> progress) {
    this.context = context;
    this.timeout = timeout;
    this.progress = progress;
  }

  /** Polls until every component works, printing each change of what it waits for. */
  void await(List<String> components, boolean quiet) {
    Map<String, String> last = new HashMap<>();
    List<String> waiting =
        new ArrayList<>(
            components.stream().filter(c -> !context.topology().of(c).isEmpty()).toList());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!waiting.isEmpty()) {
      failOnDeadProcesses(waiting);
      Map<String, Map<String, Probe>> probes = new Observer(context).probe(waiting);
      for (String component : List.copyOf(waiting)) {
        List<Instance> instances = context.topology().of(component);
        Optional<String> missing =
            context
                .product(component)
                .notReady(context, instances, probes.getOrDefault(component, Map.of()));
        if (missing.isEmpty()) {
          if (!quiet || last.containsKey(component)) {
            progress.accept(component, "ready" + summary(probes.get(component)));
          }
          waiting.remove(component);
        } else if (!missing.get().equals(last.get(component))) {
          progress.accept(component, "waiting: " + missing.get());
          last.put(component, missing.get());
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        String component = waiting.getFirst();
        Instance suspect = context.topology().of(component).getFirst();
        Map<String, Probe> componentProbes = probes.getOrDefault(component, Map.of());
        for (Instance instance : context.topology().of(component)) {
          Probe probe = componentProbes.get(instance.name());
          if (probe == null || !probe.healthy()) {
            suspect = instance;
            break;
          }
        }
        throw new LauncherException(
            component
                + " was not ready after "
                + timeout.toSeconds()
                + " s ("
                + last.get(component)
                + "); suspect "
                + suspect.name()
                + ", last lines of "
                + context.cluster().log(suspect)
                + ":\n"
                + Logs.tail(context.cluster().log(suspect), 30));
      }
      Waits.pause(Duration.ofMillis(250));
    }
  }

  private void failOnDeadProcesses(List<String> components) {
    Map<String, Supervisor.State> states = context.supervisor().states();
    for (String component : components) {
      for (Instance instance : context.topology().of(component)) {
        Supervisor.State state = states.get(instance.name());
        if (state != null && !state.running()) {
          throw new LauncherException(
              instance.name()
                  + " is "
                  + state.state()
                  + " instead of running; last lines of "
                  + context.cluster().log(instance)
                  + ":\n"
                  + Logs.tail(context.cluster().log(instance), 30));
        }
      }
    }
  }

  public static String summary(Map<String, Probe> probes) {
    if (probes == null || probes.isEmpty()) {
      return "";
    }
    Map<String, List<String>> byRole = new LinkedHashMap<>();
    probes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                byRole
                    .computeIfAbsent(
                        Objects.requireNonNullElse(e.getValue().role(), ""), r -> new ArrayList<>())
                    .add(e.getKey()));
    StringBuilder text = new StringBuilder(":");
    // a product without roles (Elasticsearch, the services) lists its instances alone
    byRole.forEach(
        (role, names) ->
            text.append(role.isEmpty() ? "" : " " + role)
                .append(' ')
                .append(String.join(",", names))
                .append(';'));
    return text.substring(0, text.length() - 1);
  }
}
