package dev.tandem.launcher.cluster;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the products' native config files: {@code {{name}}} is replaced by the variable's value.
 * An unknown variable is an error, so a typo in a template never reaches a running product.
 */
public final class Templates {

  private static final Pattern VARIABLE = Pattern.compile("\\{\\{([A-Za-z0-9_.]+)}}");

  private Templates() {}

  static String render(String template, Map<String, String> variables, String source) {
    Matcher matcher = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    TreeSet<String> missing = new TreeSet<>();
    while (matcher.find()) {
      String value = variables.get(matcher.group(1));
      if (value == null) {
        missing.add(matcher.group(1));
        value = "";
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    if (!missing.isEmpty()) {
      throw new LauncherException(source + " uses undefined variable(s) " + missing);
    }
    return out.toString();
  }
}
