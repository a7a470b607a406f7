package dev.tandem.drills;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./tandem drill NAME|all}: for each drill, a bounded load through the entry point, the
 * fault, the load until recovery plus a margin, the instance restored, then the data checked and a
 * report written to {@code target/drills/}. Exit code 0 when every drill kept its budget.
 */
public final class Main {

  private final Path root;
  private final Tandem tandem;

  /** Whether a drill of this run has warmed the chain up already (see {@link #warmUp}). */
  private boolean warmed;

  private Main(Path root) {
    this.root = root;
    this.tandem = new Tandem(root);
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("tandem.root", ".")).toAbsolutePath().normalize();
    if (args.length != 1) {
      System.err.println(
          "usage: ./tandem drill NAME|all   (drills: " + String.join(", ", Drill.names()) + ")");
      System.exit(2);
    }
    List<String> names = args[0].equals("all") ? Drill.ORDER : List.of(args[0]);
    for (String name : names) {
      if (!Drill.DRILLS.containsKey(name)) {
        System.err.println(
            "tandem: no drill named '" + name + "'; drills: " + String.join(", ", Drill.names()));
        System.exit(2);
      }
    }
    Main main = new Main(root);
    boolean passed = true;
    try {
      for (String name : names) {
        Report report = main.run(Drill.DRILLS.get(name));
        passed &= report.passed();
      }
    } catch (IllegalStateException e) {
      // the drills' own "cannot go on" (no cluster, no ha, seeding failed): a message, no trace
      System.err.println("tandem drill: " + e.getMessage());
      System.exit(1);
    }
    System.exit(passed ? 0 : 1);
  }

  /**
   * Warms the chain up, unmeasured, in rounds of {@link Drill#WARM_UP} at the drills' own rate,
   * until a round meets no failure and answers 95 % of its requests within {@link
   * Drill#WARM_LATENCY_MS}, or {@link Drill#WARM_UP_LONGEST} has passed. JVMs that just started
   * answer slowly for a while: right after {@code up}, one fixed round of 10 s at 30 requests a
   * second left the first drill meeting timeouts and degraded pages before its fault. The first
   * drill of a run warms for at least {@code least}: JVMs that just started can pass one steady
   * round and still be slow (a cold ha passed its first round at p95 1.5 s, and vip-failover then
   * met a sign-up that timed out 11.7 s after the VIP had moved).
   */
  private static void warmUp(Drill drill, String url, Tokens tokens, Duration least)
      throws InterruptedException {
    Timeline timeline = new Timeline();
    Load warmUp = new Load(url, tokens, timeline);
    warmUp.seed(2, 1, 10);
    long started = System.nanoTime();
    long deadline = started + Drill.WARM_UP_LONGEST.toNanos();
    while (true) {
      int before = timeline.outcomes().size();
      warmUp.run(Drill.WORKERS, Drill.WARM_UP, 2_000, Drill.RATE);
      List<Timeline.Outcome> all = timeline.outcomes();
      List<Timeline.Outcome> round = all.subList(before, all.size());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      long seconds = elapsed.toSeconds();
      if (elapsed.compareTo(least) >= 0 && Warm.enough(round, Drill.WARM_LATENCY_MS)) {
        say(drill.name() + ": warm after " + seconds + " s (" + Warm.describe(round) + ")");
        return;
      }
      if (System.nanoTime() >= deadline) {
        say(
            drill.name()
                + ": still not warm after "
                + seconds
                + " s ("
                + Warm.describe(round)
                + "); going on");
        return;
      }
    }
  }

  /** {@code ./tandem VERB NAME...}: several instances at one moment. */
  private static String[] command(String verb, List<String> names) {
    List<String> command = new ArrayList<>(List.of(verb));
    command.addAll(names);
    return command.toArray(String[]::new);
  }

  private static void say(String message) {
    System.out.println("drill: " + message);
    System.out.flush();
  }

  Report run(Drill drill) throws Exception {
    Map<String, String> env = tandem.env();
    if (!"ha".equals(env.get("TANDEM_PROFILE"))) {
      throw new IllegalStateException(
          "drills run against ha, where every layer is redundant: ./tandem up ha");
    }
    awaitHealthy(Duration.ofSeconds(120));
    say(drill.name() + ": warming up");
    Tokens tokens = Tokens.from(env);
    warmUp(drill, env.get("TANDEM_URL"), tokens, warmed ? Duration.ZERO : Drill.FIRST_WARM_UP);
    warmed = true;
    say(drill.name() + ": seeding");
    Timeline timeline = new Timeline();
    Load load = new Load(env.get("TANDEM_URL"), tokens, timeline);
    load.seed(8, 3, 60);
    Sale sale = drill.fault() == Drill.Fault.FLASH_SALE ? prepareSale(drill, tokens) : null;

    boolean lasting =
        drill.fault() == Drill.Fault.ISOLATE
            || drill.fault() == Drill.Fault.QUORUM_LOSS
            || drill.fault() == Drill.Fault.HANG;
    boolean untilStopped = lasting || drill.fault() == Drill.Fault.ROLLING_RESTART;
    // A kill's load ends AFTER_FAULT after the signal, which comes when the (niced) launcher gets
    // to it; the bound past that is only for a launcher that never does.
    boolean fromKill = drill.fault() == Drill.Fault.KILL || drill.fault() == Drill.Fault.VIP_HOLDER;
    Duration total =
        untilStopped
            ? Drill.LONGEST
            : Drill.BEFORE_FAULT
                .plus(Drill.AFTER_FAULT)
                .plus(fromKill ? Drill.AFTER_FAULT : Duration.ZERO);
    int maxRequests = untilStopped ? 100_000 : 8_000;
    String target = victim(drill, env);
    List<Watch> watches = watches(drill, env, target);
    watches.forEach(Watch::start);
    Thread loadThread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    load.run(Drill.WORKERS, total, maxRequests, Drill.RATE);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Thread.sleep(Drill.BEFORE_FAULT);
    long faultNanos;
    long restoredNanos = -1;
    switch (drill.fault()) {
      case KILL -> {
        say(drill.name() + ": killing " + target + " under load");
        faultNanos = killedAt(tandem.run("kill", target));
        stopAfterFault(load, loadThread, faultNanos);
        say(drill.name() + ": load done; restoring " + target);
        tandem.run("start", target);
      }
      case VIP_HOLDER -> {
        List<String> victims = List.of(target.split("\\+"));
        say(drill.name() + ": killing " + String.join(" and ", victims) + " (the VIP holder)");
        faultNanos = killedAt(tandem.run(command("kill", victims)));
        stopAfterFault(load, loadThread, faultNanos);
        say(drill.name() + ": load done; restoring " + target);
        for (String victim : victims) {
          tandem.run("start", victim);
        }
      }
      case ROLLING_RESTART -> {
        say(drill.name() + ": ./tandem restart --rolling all, under load");
        faultNanos = System.nanoTime();
        tandem.runShown(Drill.LONGEST.minusMinutes(2), "restart", "--rolling", "all");
        Thread.sleep(Drill.AFTER_RESTART);
        load.stop();
        loadThread.join();
        say(drill.name() + ": load done");
      }
      case ISOLATE -> {
        say(
            drill.name()
                + ": cutting "
                + target
                + " off the network for "
                + Drill.FAULT_LASTS.toSeconds()
                + " s, under load");
        faultNanos = stampedAt(tandem.run("isolate", target));
        sleepUntil(faultNanos + Drill.FAULT_LASTS.toNanos());
        restoredNanos = stampedAt(tandem.run("heal", target));
        say(drill.name() + ": healed " + target);
        restoredNanos = restore(drill, load, loadThread, watches, restoredNanos);
      }
      case QUORUM_LOSS -> {
        List<String> victims = List.of(target.split("\\+"));
        say(
            drill.name()
                + ": killing "
                + String.join(" and ", victims)
                + " (quorum lost) for "
                + Drill.FAULT_LASTS.toSeconds()
                + " s, under load");
        faultNanos = killedAt(tandem.run(command("kill", victims)));
        sleepUntil(faultNanos + Drill.FAULT_LASTS.toNanos());
        // Both start at once; the quorum is back when the first of them has joined.
        List<Thread> starts = new ArrayList<>();
        AtomicLong firstBack = new AtomicLong();
        for (String victim : victims) {
          starts.add(
              Thread.ofVirtual()
                  .start(
                      () -> {
                        tandem.run("start", victim);
                        firstBack.compareAndSet(0, System.nanoTime());
                      }));
        }
        for (Thread start : starts) {
          start.join();
        }
        restoredNanos = firstBack.get();
        say(
            drill.name()
                + ": quorum back "
                + (restoredNanos - faultNanos) / 1_000_000
                + " ms after the kill; "
                + String.join(" and ", victims)
                + " both running");
        restoredNanos = restore(drill, load, loadThread, watches, restoredNanos);
      }
      case HANG -> {
        List<String> victims = List.of(target.split("\\+"));
        say(
            drill.name()
                + ": hanging "
                + String.join(" and ", victims)
                + " (SIGSTOP) for "
                + Drill.HANG_LASTS.toSeconds()
                + " s, under load");
        faultNanos = stampedAt(tandem.run(command("hang", victims)));
        sleepUntil(faultNanos + Drill.HANG_LASTS.toNanos());
        restoredNanos = stampedAt(tandem.run(command("resume", victims)));
        say(drill.name() + ": resumed " + String.join(" and ", victims) + " (SIGCONT)");
        restoredNanos = restore(drill, load, loadThread, watches, restoredNanos);
      }
      case FLASH_SALE -> {
        say(
            String.format(
                "%s: %d claims from %d members on one promotion of %d coupons within %d s, under load",
                drill.name(),
                FlashSale.ATTEMPTS,
                sale.crowd().members().size(),
                FlashSale.STOCK,
                FlashSale.OVER.toSeconds()));
        faultNanos = System.nanoTime();
        sale.attempts()
            .addAll(
                new FlashSale(env.get("TANDEM_URL"), tokens, timeline)
                    .run(
                        sale.promotion(),
                        sale.crowd().members(),
                        Arrivals.evenly(
                            FlashSale.ATTEMPTS, FlashSale.OVER, sale.crowd().members().size())));
        for (FlashSale.Attempt attempt : sale.attempts()) {
          if (attempt.status() == 201 && attempt.couponId() != null) {
            sale.crowd()
                .claimed
                .add(new Load.Claimed(attempt.couponId(), sale.promotion(), attempt.memberId()));
          }
        }
        say(drill.name() + ": the sale is over; the usual load goes on to its end");
        loadThread.join();
        sale.pidsAfter().putAll(tandem.pids());
        say(drill.name() + ": load done");
      }
      default -> throw new IllegalStateException(drill.fault().toString());
    }
    watches.forEach(Watch::close);

    Timeline relative = timeline.relativeTo(faultNanos);
    long restoredMs = restoredNanos < 0 ? -1 : (restoredNanos - faultNanos) / 1_000_000;
    DataCheck check = new DataCheck(env);
    DataCheck.Findings findings = check.check(load);
    List<String> violations = new ArrayList<>(findings.violations());
    List<String> welcome = awaitWelcomeCoupons(check, load, Duration.ofSeconds(90));
    if (sale != null) {
      DataCheck.Findings crowd = check.check(sale.crowd());
      findings =
          new DataCheck.Findings(
              findings.acknowledged() + crowd.acknowledged(),
              findings.lost() + crowd.lost(),
              findings.duplicated() + crowd.duplicated(),
              List.of());
      violations.addAll(crowd.violations());
      welcome = new ArrayList<>(welcome);
      welcome.addAll(awaitWelcomeCoupons(check, sale.crowd(), Duration.ofSeconds(90)));
    }
    if (!welcome.isEmpty()) {
      violations.add("members without exactly one welcome coupon: " + welcome);
    }
    long failedBudget = drill.failedBudget();
    long recoveryBudget = drill.recoveryBudgetMs();
    long recovery;
    Map<String, Object> extra = new LinkedHashMap<>();
    if (restoredMs >= 0) {
      extra.put("restored_ms", restoredMs);
    }
    if (failedBudget == Drill.OWN_BUDGET) {
      Verdict verdict = judge(drill, relative, restoredMs, sale, check, faultNanos);
      recovery = verdict.recoveryMs();
      violations.addAll(verdict.violations());
      extra.putAll(verdict.figures());
      // every one of these budgets has a part that allows no failure at all (see its judge)
      failedBudget = 0;
      if (drill.name().equals("search-hang")) {
        recoveryBudget = restoredMs + SearchHang.RECOVER_WITHIN_MS;
      }
    } else {
      recovery = relative.recoveryMs(drill.affected(), 20);
      long failedAffected = relative.failedAfterFault(drill.affected());
      if (recovery < 0) {
        violations.add("requests of kinds " + drill.affected() + " never succeeded steadily again");
      } else if (recovery > drill.recoveryBudgetMs()) {
        violations.add(
            "recovery took " + recovery + " ms, budget " + drill.recoveryBudgetMs() + " ms");
      }
      if (failedBudget == Drill.ONE_PERCENT_DURING_NONE_AFTER) {
        long[] during = relative.between(drill.affected(), 0, restoredMs);
        long[] after = relative.between(drill.affected(), restoredMs, Long.MAX_VALUE);
        failedBudget = (during[0] + during[1]) / 100;
        extra.put("during", Map.of("ok", during[0], "failed", during[1]));
        extra.put("after", Map.of("ok", after[0], "failed", after[1]));
        if (during[1] > failedBudget) {
          violations.add(
              during[1]
                  + " of "
                  + (during[0] + during[1])
                  + " requests failed while the fault lasted, budget 1 %");
        }
        if (after[1] > 0) {
          violations.add(after[1] + " requests failed after the fault was undone, budget 0");
        }
      } else if (failedAffected > failedBudget) {
        violations.add(
            failedAffected
                + " failed requests of kinds "
                + drill.affected()
                + ", budget "
                + failedBudget);
      }
    }
    for (Watch watch : watches) {
      violations.addAll(watch.violations());
      extra.putAll(watch.findings());
    }
    List<String> failures = relative.firstFailures(12);
    if (!failures.isEmpty()) {
      extra.put("first_failures", failures);
    }
    Report report =
        new Report(
            drill.name(),
            target,
            recovery,
            relative.ok(),
            relative.failed(),
            new Report.Writes(findings.acknowledged(), findings.lost(), findings.duplicated()),
            new Report.Budget(recoveryBudget, failedBudget, 0, 0),
            relative.buckets(Report.BUCKET_MS),
            violations,
            extra);
    Path json = report.write(root.resolve("target/drills"));
    say(
        String.format(
            "%s: %s — recovery %d ms, requests %d ok / %d failed, writes %d acknowledged / %d lost / %d duplicated; %s",
            drill.name(),
            report.passed() ? "PASSED" : "FAILED",
            recovery,
            relative.ok(),
            relative.failed(),
            findings.acknowledged(),
            findings.lost(),
            findings.duplicated(),
            json));
    relative
        .byKind()
        .forEach(
            (kind, counts) ->
                say("  " + kind + ": " + counts[0] + " ok, " + counts[1] + " failed"));
    extra.forEach(
        (key, value) -> {
          if (!key.equals("first_failures") && !key.equals("during_by_second")) {
            say("  " + key + ": " + value);
          }
        });
    failures.forEach(f -> say("  failure " + f));
    violations.forEach(v -> say("  violation: " + v));
    repairDiverged();
    return report;
  }

  /**
   * A flash sale's crowd and stock, made before the measured load starts: the crowd's members (in a
   * load of their own, so the data check covers them), the promotion, then what the sale met.
   */
  private record Sale(
      Load crowd,
      String promotion,
      List<FlashSale.Attempt> attempts,
      Map<String, Integer> pidsBefore,
      Map<String, Integer> pidsAfter) {}

  /**
   * Signs up the crowd and creates the sale's promotion. The crowd signs up straight at a
   * site-service instance, as an operator's import would: the gateway's throttle on many sign-ups
   * from one address is there for abuse, and the drill's machine is one address. The sale itself
   * goes through the entry point like every other request.
   */
  private Sale prepareSale(Drill drill, Tokens tokens) throws InterruptedException {
    String site =
        withRole("site-service", "stable")
            .map(name -> "http://" + address(name))
            .orElseThrow(() -> new IllegalStateException("no site-service instance is up"));
    Load crowd = new Load(site, tokens, new Timeline());
    say(
        drill.name()
            + ": signing up "
            + FlashSale.MEMBERS
            + " members for the sale at "
            + site
            + " ("
            + FlashSale.SEED_PARALLEL
            + " at a time, at most "
            + FlashSale.SEED_LIMIT.toMinutes()
            + " min)");
    long started = System.nanoTime();
    int members =
        crowd.seedMembers(FlashSale.MEMBERS, FlashSale.SEED_PARALLEL, FlashSale.SEED_LIMIT);
    String promotion = crowd.createPromotion("flash sale", FlashSale.STOCK);
    say(
        drill.name()
            + ": "
            + members
            + " members signed up in "
            + (System.nanoTime() - started) / 1_000_000_000L
            + " s; the sale's promotion is "
            + promotion);
    if (members == 0 || promotion == null) {
      throw new IllegalStateException(
          "could not prepare the sale at " + site + ": see ./tandem logs site-1");
    }
    return new Sale(
        crowd,
        promotion,
        new java.util.concurrent.CopyOnWriteArrayList<>(),
        tandem.pids(),
        new java.util.TreeMap<>());
  }

  /** The budget of a drill that has its own judge (see {@link Drill#OWN_BUDGET}). */
  private static Verdict judge(
      Drill drill, Timeline relative, long restoredMs, Sale sale, DataCheck check, long faultNanos)
      throws SQLException {
    return switch (drill.name()) {
      case "provider-hang" -> ProviderHang.judge(relative, restoredMs);
      case "search-hang" -> SearchHang.judge(relative, restoredMs);
      case "flash-sale" -> {
        Verdict verdict =
            FlashSale.judge(sale.attempts(), faultNanos, check.flashSale(sale.promotion()));
        List<String> violations = new ArrayList<>(verdict.violations());
        Map<String, Object> figures = new LinkedHashMap<>(verdict.figures());
        long saleEndedMs =
            (sale.attempts().stream()
                        .mapToLong(FlashSale.Attempt::endedNanos)
                        .max()
                        .orElse(faultNanos)
                    - faultNanos)
                / 1_000_000L;
        violations.addAll(FlashSale.homePages(relative, saleEndedMs, figures));
        violations.addAll(FlashSale.restarts(sale.pidsBefore(), sale.pidsAfter()));
        yield new Verdict(verdict.recoveryMs(), violations, figures);
      }
      default -> throw new IllegalStateException(drill.name() + " has no judge of its own");
    };
  }

  private String address(String name) {
    for (JsonNode instance : tandem.status().path("instances")) {
      if (instance.path("name").asText().equals(name)) {
        return instance.path("address").asText();
      }
    }
    throw new IllegalStateException("no instance " + name + " in ./tandem status");
  }

  /**
   * After a lasting fault is undone: the watches check what should follow (roles, leaders) while
   * the load goes on for {@link Drill#AFTER_RESTORE}; then the load stops.
   */
  private static long restore(
      Drill drill, Load load, Thread loadThread, List<Watch> watches, long restoredNanos)
      throws InterruptedException {
    for (Watch watch : watches) {
      watch.restored(restoredNanos);
    }
    sleepUntil(restoredNanos + Drill.AFTER_RESTORE.toNanos());
    load.stop();
    loadThread.join();
    say(drill.name() + ": load done");
    return restoredNanos;
  }

  private static void stopAfterFault(Load load, Thread loadThread, long faultNanos)
      throws InterruptedException {
    sleepUntil(faultNanos + Drill.AFTER_FAULT.toNanos());
    load.stop();
    loadThread.join();
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }

  private List<Watch> watches(Drill drill, Map<String, String> env, String target) {
    List<Watch> watches = new ArrayList<>();
    for (Drill.Check check : drill.checks()) {
      watches.add(
          switch (check) {
            case MYSQL_WRITERS -> new WritableServers(tandem, env, target);
            case REDIS_ROLES -> new RedisRoles(tandem, target);
            case EXPIRY_LEADER -> new ExpiryLeaders(tandem, env);
            case PROVIDER_USE ->
                new ProviderUse(target, address(target), env.get("TANDEM_MANAGEMENT_PORT"));
          });
    }
    return watches;
  }

  /**
   * A drill leaves the cluster as whole as it found it, so the next one measures its own fault: a
   * MySQL server that a partition left diverged is rebuilt from its shard's writer.
   */
  private void repairDiverged() {
    for (JsonNode instance : tandem.status().path("instances")) {
      if (instance.path("role").asText().equals("diverged")) {
        String name = instance.path("name").asText();
        say(
            "rebuilding "
                + name
                + ", which diverged: ./tandem mysql rejoin "
                + name
                + " --rebuild");
        tandem.run("mysql", "rejoin", name, "--rebuild");
      }
    }
  }

  /** The moment in "... at EPOCH_MS" that {@code ./tandem isolate} and {@code heal} print. */
  static long stampedAt(String output) {
    return onNanoScale(
        epochMillis(output, " at (\\d{13})", "./tandem did not say when: "),
        System.currentTimeMillis(),
        System.nanoTime());
  }

  /** What {@code ./tandem kill} prints for each instance it killed. */
  static final String KILLED = "killed \\S+ \\(pid \\d+\\) at (\\d+)";

  /**
   * When the SIGKILL went out, on this process's {@code System.nanoTime()} scale: {@code ./tandem
   * kill} prints it ("killed NAME (pid N) at EPOCH_MS"). Measuring from there, not from when the
   * drill started the command, keeps the launcher's own start-up (about a second) out of
   * recovery_ms.
   */
  static long killedAt(String killOutput) {
    return onNanoScale(
        epochMillis(killOutput, KILLED, "./tandem kill did not say when it killed: "),
        System.currentTimeMillis(),
        System.nanoTime());
  }

  /** The first group of {@code pattern} in {@code output}, as epoch milliseconds. */
  static long epochMillis(String output, String pattern, String otherwise) {
    java.util.regex.Matcher at = java.util.regex.Pattern.compile(pattern).matcher(output);
    if (!at.find()) {
      throw new IllegalStateException(otherwise + output);
    }
    return Long.parseLong(at.group(1));
  }

  /**
   * A wall-clock moment on the {@code System.nanoTime()} scale, given both clocks read now: the
   * drills measure with nanoTime, the launcher (another process) can only report the wall clock.
   */
  static long onNanoScale(long epochMillis, long nowMillis, long nowNanos) {
    return nowNanos - (nowMillis - epochMillis) * 1_000_000L;
  }

  /** nginx and keepalived on the lb host that holds the entry VIP now, nginx first. */
  private List<String> vipHolder() {
    JsonNode status = tandem.status();
    String keepalived = status.path("vip").path("holder").asText(null);
    if (keepalived == null) {
      throw new IllegalStateException("nobody holds the VIP: see ./tandem status");
    }
    String host = null;
    for (JsonNode instance : status.path("instances")) {
      if (instance.path("name").asText().equals(keepalived)) {
        host = instance.path("host").asText();
      }
    }
    for (JsonNode instance : status.path("instances")) {
      if (instance.path("component").asText().equals("nginx")
          && instance.path("host").asText().equals(host)) {
        return List.of(instance.path("name").asText(), keepalived);
      }
    }
    throw new IllegalStateException("no nginx on " + host + ", where " + keepalived + " runs");
  }

  /** Whom the fault hits, chosen from the cluster as it is now. */
  private String victim(Drill drill, Map<String, String> env) throws Exception {
    if (drill.fault() == Drill.Fault.HANG && drill.role() == null) {
      List<String> every = new ArrayList<>();
      for (JsonNode instance : tandem.status().path("instances")) {
        if (instance.path("component").asText().equals(drill.component())) {
          every.add(instance.path("name").asText());
        }
      }
      return String.join("+", every);
    }
    return switch (drill.fault()) {
      case ROLLING_RESTART -> "every service instance";
      case VIP_HOLDER -> String.join("+", vipHolder());
      case QUORUM_LOSS -> {
        // the leader and one follower: two of three, the leader among them
        List<String> victims = new ArrayList<>();
        withRole(drill.component(), "leader").ifPresent(victims::add);
        for (JsonNode instance : tandem.status().path("instances")) {
          if (instance.path("component").asText().equals(drill.component())
              && !victims.contains(instance.path("name").asText())
              && victims.size() < 2) {
            victims.add(instance.path("name").asText());
          }
        }
        yield String.join("+", victims);
      }
      case FLASH_SALE -> "the sale's promotion";
      default ->
          drill.role().equals(Drill.LEADS_MEMBER_EVENTS)
              ? KafkaLeaders.busiestLeader(
                  env.get("TANDEM_KAFKA_BOOTSTRAP_SERVERS"), "member.registered")
              : withRole(drill.component(), drill.role(), drill.shard())
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "no healthy " + drill.component() + " with role " + drill.role()));
    };
  }

  private Optional<String> withRole(String component, String role) {
    return withRole(component, role, null);
  }

  private Optional<String> withRole(String component, String role, Integer shard) {
    for (JsonNode instance : tandem.status().path("instances")) {
      if (instance.path("component").asText().equals(component)
          && instance.path("role").asText().equals(role)
          && (shard == null || instance.path("shard").asInt(-1) == shard)) {
        return Optional.of(instance.path("name").asText());
      }
    }
    return Optional.empty();
  }

  /** Every instance healthy before a drill starts: a drill measures one fault, not two. */
  private void awaitHealthy(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    List<String> unhealthy = List.of();
    while (System.nanoTime() < deadline) {
      unhealthy = new ArrayList<>();
      for (JsonNode instance : tandem.status().path("instances")) {
        if (!instance.path("healthy").asBoolean()) {
          unhealthy.add(instance.path("name").asText());
        }
      }
      if (unhealthy.isEmpty()) {
        return;
      }
      Thread.sleep(Duration.ofSeconds(2));
    }
    throw new IllegalStateException("the cluster is not healthy before the drill: " + unhealthy);
  }

  private static List<String> awaitWelcomeCoupons(DataCheck check, Load load, Duration limit)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    List<String> wrong = check.withoutOneWelcomeCoupon(load);
    while (!wrong.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(Duration.ofSeconds(2));
      wrong = check.withoutOneWelcomeCoupon(load);
    }
    return wrong;
  }
}
