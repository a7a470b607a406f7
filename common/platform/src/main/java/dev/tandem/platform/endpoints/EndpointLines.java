package dev.tandem.platform.endpoints;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint format of {@code ./tandem env} and {@code ./tandem compose env}, which the launcher
 * also hands each service as its environment: one {@code TANDEM_KEY=value} per line. The value is
 * everything after the first {@code =} (URLs and lists contain more). Lines that are not endpoints
 * (progress the launcher prints before them, blank lines) are skipped.
 *
 * <p>The one parser of that format, for the launcher, the drills and the tests.
 */
public final class EndpointLines {

  private static final Pattern LINE = Pattern.compile("(TANDEM_[A-Z0-9_]+)=(.*)");

  private EndpointLines() {}

  /** The endpoints in {@code output}, in the order printed; a key printed twice keeps the last. */
  public static Map<String, String> parse(String output) {
    Map<String, String> endpoints = new LinkedHashMap<>();
    output
        .lines()
        .map(LINE::matcher)
        .filter(Matcher::matches)
        .forEach(line -> endpoints.put(line.group(1), line.group(2)));
    return endpoints;
  }
}
