package dev.tandem.drills;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One failover drill: which instance it kills (chosen by role at the moment of the drill), which
 * request kinds the fault may touch, and its budget. Budgets are goals from the issue; tighten them
 * once measured, never loosen them silently.
 *
 * @param component whose instance to kill
 * @param role the role the victim has (e.g. the current master)
 * @param shard for sharded components, the shard whose instance to kill
 * @param affected request kinds the fault may fail; recovery is measured on them, and the budget
 *     counts their failures from the fault on (failures before it are reported, not budgeted)
 * @param failuresOnlyInWindow failures are allowed, but only before recovery
 */
record Drill(
    String name,
    String component,
    String role,
    Integer shard,
    List<String> affected,
    long recoveryBudgetMs,
    long failedBudget,
    boolean failuresOnlyInWindow) {

  /** Load before the fault, and after it: long enough for the slowest budget plus a margin. */
  static final Duration WARM_UP = Duration.ofSeconds(10);

  static final Duration BEFORE_FAULT = Duration.ofSeconds(6);

  static final Duration AFTER_FAULT = Duration.ofSeconds(30);

  static final Map<String, Drill> DRILLS =
      Map.of(
          // service tier: one of two instances dies; retries on the other must hide it
          "gateway-kill",
          new Drill("gateway-kill", "gateway", "stable", null, Load.ALL, 2_000, 0, false),
          "site-kill",
          new Drill("site-kill", "site-service", "stable", null, Load.ALL, 2_000, 0, false),
          "member-kill",
          new Drill("member-kill", "member-service", "stable", null, Load.ALL, 2_000, 0, false),
          "promotion-kill",
          new Drill(
              "promotion-kill", "promotion-service", "stable", null, Load.ALL, 2_000, 0, false),
          // data tier
          "zookeeper-leader-kill",
          new Drill(
              "zookeeper-leader-kill", "zookeeper", "leader", null, Load.ALL, 5_000, 0, false),
          "redis-master-kill",
          new Drill("redis-master-kill", "redis", "master", null, Load.ALL, 10_000, 400, true),
          "kafka-leader-kill",
          new Drill("kafka-leader-kill", "kafka", "controller", null, Load.ALL, 15_000, 0, false),
          "elasticsearch-master-kill",
          new Drill(
              "elasticsearch-master-kill",
              "elasticsearch",
              "master",
              null,
              List.of(Load.SEARCH),
              5_000,
              0,
              false),
          "mysql-primary-kill",
          new Drill("mysql-primary-kill", "mysql", "primary", 0, Load.ALL, 10_000, 400, true));

  /** What {@code all} runs. */
  static final List<String> ORDER =
      List.of(
          "gateway-kill",
          "site-kill",
          "member-kill",
          "promotion-kill",
          "zookeeper-leader-kill",
          "redis-master-kill",
          "kafka-leader-kill",
          "elasticsearch-master-kill",
          "mysql-primary-kill");
}
