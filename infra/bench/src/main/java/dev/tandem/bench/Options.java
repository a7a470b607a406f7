package dev.tandem.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code ./tandem bench} was asked to do. A full run searches each class's capacity in longer
 * steps with more bisections; {@code --quick} (CI) keeps each step short so the whole run, seeding
 * and warm-up included, stays within five minutes on ha.
 */
record Options(boolean quick, Path compare, Plan plan) {

  static final String USAGE =
      """
      usage: ./tandem bench [--quick] [--compare OLD.json]
             ./tandem bench --startup ...   (service start-up times; the launcher's)

        Runs against whatever cluster is up (./tandem up lite|ha). For each request class
        (home, member, search, register, claim) and each hop (straight to a site-service
        instance, through one gateway, through nginx at the entry URL) it searches the highest
        arrival rate with p99 <= 250 ms and no errors, then reports the gateway's and nginx's
        share of the direct capacity, and the home page's latency against its slowest
        dependency call. Reports: target/bench/bench.json and bench.html.

        --quick            short steps (CI): about 5 minutes on ha
        --compare OLD.json print and write (target/bench/compare.json) the change against OLD.json
        --help             this text
      """;

  /** How long the search spends, and how far it goes. */
  record Plan(
      Duration step,
      Duration pause,
      Duration warmUp,
      int warmUpRate,
      int startRate,
      int maxRate,
      int bisections,
      int members) {}

  static final Plan FULL =
      new Plan(
          Duration.ofSeconds(5),
          Duration.ofMillis(700),
          Duration.ofSeconds(10),
          30,
          20,
          6400,
          3,
          600);

  static final Plan QUICK =
      new Plan(
          Duration.ofSeconds(2),
          Duration.ofMillis(400),
          Duration.ofSeconds(4),
          20,
          20,
          3200,
          1,
          // 100 members x 61 promotions: 6100 distinct claims, several times what a quick run
          // sends; seeding 200 took 92 s of a 7-minute run on ha
          100);

  /** The arguments parsed, or an {@link IllegalArgumentException} naming the bad one. */
  static Options parse(List<String> args) {
    boolean quick = false;
    Path compare = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--quick" -> quick = true;
        case "--compare" -> {
          if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new IllegalArgumentException(
                "--compare needs the earlier report: --compare target/bench/bench.json");
          }
          compare = Path.of(args.get(++i));
        }
        default ->
            throw new IllegalArgumentException(
                "unknown argument '" + arg + "': ./tandem bench [--quick] [--compare OLD.json]");
      }
    }
    return new Options(quick, compare, quick ? QUICK : FULL);
  }

  static boolean wantsHelp(List<String> args) {
    return args.contains("--help") || args.contains("-h");
  }
}
