package dev.tandem.launcher.product.mysql;

import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Formation;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Puts each shard's VIP on its writer: keepalived starts on the writer's host first and takes the
 * VIP; only then does the peer's keepalived start. keepalived holds the VIP only where the guard
 * says the writer is (its track file), so the order matters less than it did, but it keeps the
 * start from racing.
 */
final class VipPlacement {

  private VipPlacement() {}

  static void place(Formation formation) {
    Context context = formation.context();
    Map<String, Supervisor.State> processes = context.supervisor().states();
    for (Topology.Vip vip : context.topology().vips()) {
      if (!vip.group().equals("mysql")) {
        continue;
      }
      Instance writer =
          MySqlProbe.writer(context, vip.shard())
              .orElseThrow(
                  () -> new LauncherException("MySQL shard " + vip.shard() + " has no writer"));
      Instance guard =
          context.topology().onHost(writer.host()).stream()
              .filter(i -> i.component().equals("keepalived"))
              .findFirst()
              .orElseThrow();
      Supervisor.State state = processes.get(guard.name());
      if (state != null && state.running()) {
        continue;
      }
      formation.startMissing(List.of(guard));
      if (!Waits.until(
          Duration.ofSeconds(60),
          Duration.ofMillis(200),
          () -> context.network().addresses(writer.host()).contains(vip.address()))) {
        throw new LauncherException(
            guard.name()
                + " did not take VIP "
                + vip.address()
                + "; see ./tandem logs "
                + guard.name());
      }
      formation.progress("keepalived", "VIP " + vip.address() + " on " + writer.name());
    }
  }
}
