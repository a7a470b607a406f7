package dev.tandem.launcher.cluster;

import java.util.List;
import java.util.Map;

/** Lets tests in other packages (the guard's) render a product's template with the one renderer. */
public final class TestTemplates {

  private TestTemplates() {}

  public static String render(
      String template,
      Map<String, String> variables,
      Map<String, List<Map<String, String>>> lists,
      String source) {
    return Templates.render(template, variables, lists, source);
  }
}
