package dev.tandem.launcher.product.mysql;

import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Formation;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Waits;
import java.time.Duration;
import java.util.ArrayList;
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

  /**
   * Every shard's writer's keepalived starts in one go, then the VIPs are awaited together: the
   * shards do not depend on each other, and one at a time cost a keepalived start and a VRRP
   * election per shard.
   */
  static void place(Formation formation) {
    Context context = formation.context();
    Map<String, Supervisor.State> processes = context.supervisor().states();
    List<Placement> placements = new ArrayList<>();
    for (Topology.Vip vip : context.topology().vips()) {
      if (!vip.group().equals("mysql")) {
        continue;
      }
      Instance writer =
          MySqlProbe.writer(context, vip.shard())
              .orElseThrow(
                  () -> new LauncherException("MySQL shard " + vip.shard() + " has no writer"));
      Instance keepalived =
          context.topology().onHost(writer.host()).stream()
              .filter(i -> i.component().equals("keepalived"))
              .findFirst()
              .orElseThrow();
      Supervisor.State state = processes.get(keepalived.name());
      if (state != null && state.running()) {
        continue;
      }
      placements.add(new Placement(vip, writer, keepalived));
    }
    if (placements.isEmpty()) {
      return;
    }
    formation.startMissing(placements.stream().map(Placement::keepalived).toList());
    for (Placement p : placements) {
      if (!Waits.until(
          Duration.ofSeconds(60),
          Duration.ofMillis(100),
          () -> context.network().addresses(p.writer().host()).contains(p.vip().address()))) {
        String keepalived = p.keepalived().name();
        throw new LauncherException(
            keepalived
                + " did not take VIP "
                + p.vip().address()
                + "; see ./tandem logs "
                + keepalived);
      }
      formation.progress("keepalived", "VIP " + p.vip().address() + " on " + p.writer().name());
    }
  }

  private record Placement(Topology.Vip vip, Instance writer, Instance keepalived) {}
}
