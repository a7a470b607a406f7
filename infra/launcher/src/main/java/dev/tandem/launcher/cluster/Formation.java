package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Topology.Instance;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What a product's formation step ({@link Product#form}) may do: start instances, wait for
 * components to work, report progress. {@code up} forms whole components; {@code start} forms one
 * returning instance.
 */
public final class Formation {

  private final Up up;
  private final List<Instance> started;
  private final boolean wholeCluster;

  Formation(Up up, List<Instance> started, boolean wholeCluster) {
    this.up = up;
    this.started = List.copyOf(started);
    this.wholeCluster = wholeCluster;
  }

  /** The formation of one instance that {@code start} has just started. */
  public static Formation ofStarted(Context context, PrintStream out, Instance instance) {
    return new Formation(new Up(context, out, Up.timeout()), List.of(instance), false);
  }

  public Context context() {
    return up.context();
  }

  public PrintStream out() {
    return up.out();
  }

  /** The instances this formation is for. */
  public List<Instance> started() {
    return started;
  }

  /** True in {@code up}: the whole component forms; false when one instance returns. */
  public boolean wholeCluster() {
    return wholeCluster;
  }

  /** Prepares and starts those of the instances that do not run. */
  public void startMissing(List<Instance> instances) {
    Map<String, Supervisor.State> states = context().supervisor().states();
    up.startAll(
        instances.stream()
            .filter(i -> states.get(i.name()) == null || !states.get(i.name()).running())
            .toList());
  }

  /** Waits until every instance of each component works, as {@code up} does. */
  public void awaitReady(List<String> components) {
    up.awaitReady(components);
  }

  public void progress(String what, String message) {
    up.progress(what, message);
  }
}
