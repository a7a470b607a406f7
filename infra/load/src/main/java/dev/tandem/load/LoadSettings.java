package dev.tandem.load;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * What one load run does: where it sends its visitors, how many arrive each second and for how
 * long, and what the run must show to pass. {@code ./tandem load} parses it from the command line
 * and hands it to the simulation as system properties, since Gatling makes the simulation itself.
 */
record LoadSettings(
    String baseUrl,
    String adminToken,
    double visitorsPerSecond,
    Duration duration,
    Duration p99Budget,
    double maxFailedPercent) {

  static final String USAGE =
      "usage: ./tandem load [--rate VISITORS_PER_SECOND] [--duration SECONDS] [--p99-ms MS]"
          + " [--max-failed-percent P]";

  /**
   * A journey takes five requests and four pauses of 1 to 3 s: rates are visitors, not requests.
   */
  static final double MAX_RATE = 200;

  static final long MAX_DURATION_SECONDS = 3600;

  private static final String PREFIX = "tandem.load.";

  LoadSettings {
    if (!(visitorsPerSecond > 0 && visitorsPerSecond <= MAX_RATE)) {
      throw new IllegalArgumentException(
          "--rate must be more than 0 and at most " + (int) MAX_RATE + ": " + visitorsPerSecond);
    }
    if (duration.isNegative() || duration.isZero() || duration.toSeconds() > MAX_DURATION_SECONDS) {
      throw new IllegalArgumentException(
          "--duration must be 1 to " + MAX_DURATION_SECONDS + " seconds: " + duration.toSeconds());
    }
    if (p99Budget.isNegative() || p99Budget.isZero()) {
      throw new IllegalArgumentException("--p99-ms must be positive: " + p99Budget.toMillis());
    }
    if (!(maxFailedPercent >= 0 && maxFailedPercent <= 100)) {
      throw new IllegalArgumentException(
          "--max-failed-percent must be 0 to 100: " + maxFailedPercent);
    }
  }

  /**
   * The command line, with the entry URL and an operator's token from the environment the {@code
   * tandem} script sets ({@code TANDEM_URL}, {@code TANDEM_LOAD_ADMIN_TOKEN}).
   */
  static LoadSettings parse(String[] args, Map<String, String> environment) {
    double rate = 5;
    long seconds = 60;
    long p99Millis = 2000;
    double failed = 1;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new HelpWanted();
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--rate" -> rate = number(flag, value);
        case "--duration" -> seconds = whole(flag, value);
        case "--p99-ms" -> p99Millis = whole(flag, value);
        case "--max-failed-percent" -> failed = number(flag, value);
        default -> throw new IllegalArgumentException("unknown option " + flag + "; " + USAGE);
      }
    }
    return new LoadSettings(
        required(environment, "TANDEM_URL"),
        required(environment, "TANDEM_LOAD_ADMIN_TOKEN"),
        rate,
        Duration.ofSeconds(seconds),
        Duration.ofMillis(p99Millis),
        failed);
  }

  /** {@code --help}: not an error, the usage goes to stdout. */
  static final class HelpWanted extends RuntimeException {
    HelpWanted() {
      super(USAGE, null, false, false);
    }
  }

  private static String required(Map<String, String> environment, String key) {
    String value = environment.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          key + " is not set: run the load through ./tandem load, with a cluster up (./tandem up)");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  private static double number(String flag, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a number, not '" + value + "'");
    }
  }

  private static long whole(String flag, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, not '" + value + "'");
    }
  }

  /** Hands the settings to the simulation, which Gatling instantiates without arguments. */
  void exportTo(Properties properties) {
    properties.setProperty(PREFIX + "url", baseUrl);
    properties.setProperty(PREFIX + "adminToken", adminToken);
    properties.setProperty(PREFIX + "rate", Double.toString(visitorsPerSecond));
    properties.setProperty(PREFIX + "seconds", Long.toString(duration.toSeconds()));
    properties.setProperty(PREFIX + "p99Millis", Long.toString(p99Budget.toMillis()));
    properties.setProperty(PREFIX + "maxFailedPercent", Double.toString(maxFailedPercent));
  }

  static LoadSettings importFrom(Properties properties) {
    String url = properties.getProperty(PREFIX + "url");
    if (url == null) {
      throw new IllegalStateException(
          "the simulation runs through ./tandem load, which sets it up");
    }
    return new LoadSettings(
        url,
        properties.getProperty(PREFIX + "adminToken"),
        Double.parseDouble(properties.getProperty(PREFIX + "rate")),
        Duration.ofSeconds(Long.parseLong(properties.getProperty(PREFIX + "seconds"))),
        Duration.ofMillis(Long.parseLong(properties.getProperty(PREFIX + "p99Millis"))),
        Double.parseDouble(properties.getProperty(PREFIX + "maxFailedPercent")));
  }

  /** About how many visitors the run brings: the arrival rate over its duration. */
  long expectedVisitors() {
    return (long) Math.ceil(visitorsPerSecond * duration.toSeconds());
  }

  String describe() {
    return visitorsPerSecond
        + " visitors/s for "
        + duration.toSeconds()
        + " s through "
        + baseUrl
        + "; pass: p99 <= "
        + p99Budget.toMillis()
        + " ms, failed <= "
        + maxFailedPercent
        + " %";
  }
}
