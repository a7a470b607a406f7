package dev.tandem.launcher.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the products' native config files: {@code {{name}}} is replaced by the variable's value.
 * An unknown variable is an error, so a typo in a template never reaches a running product.
 *
 * <p>A list repeats a block once per item, each item a map of named values:
 *
 * <pre>
 * {{#each peer in peers}}
 *     {{peer.address}}
 * {{/each}}
 * controller.quorum.voters={{#each v in voters separator ","}}{{v.id}}@{{v.address}}{{/each}}
 * </pre>
 *
 * Inside the block {@code {{peer.FIELD}}} is a field of the current item, and every other variable
 * stays in reach. A tag alone on its line takes the line with it, so a list of lines renders one
 * line per item; {@code separator "TEXT"} goes between items. An empty list renders nothing, so a
 * list of zero or one item makes a block optional. Unknown lists and fields fail like unknown
 * variables, as does a block left open.
 */
public final class Templates {

  private static final Pattern TAG =
      Pattern.compile(
          "\\{\\{(?:([A-Za-z0-9_.]+)"
              + "|#each\\s+([A-Za-z0-9_]+)\\s+in\\s+([A-Za-z0-9_]+)(?:\\s+separator\\s+\"([^\"]*)\")?"
              + "|(/each)"
              + "|([#/][^}]*))}}");

  /** The item of an empty list, checked for its variables: its fields cannot be known. */
  private static final Map<String, String> ANY_ITEM = new HashMap<>();

  private Templates() {}

  static String render(String template, Map<String, String> variables, String source) {
    return render(template, variables, Map.of(), source);
  }

  static String render(
      String template,
      Map<String, String> variables,
      Map<String, List<Map<String, String>>> lists,
      String source) {
    Block root = parse(template, source);
    StringBuilder out = new StringBuilder();
    TreeSet<String> missing = new TreeSet<>();
    root.render(out, variables, lists, Map.of(), missing);
    if (!missing.isEmpty()) {
      throw new LauncherException(source + " uses undefined variable(s) " + missing);
    }
    return out.toString();
  }

  /** Literal text, a variable, or a block repeated per item of a list. */
  private sealed interface Part permits Text, Variable, Block {}

  private record Text(String text) implements Part {}

  private record Variable(String name) implements Part {}

  private record Block(String item, String list, String separator, List<Part> parts)
      implements Part {

    void render(
        StringBuilder out,
        Map<String, String> variables,
        Map<String, List<Map<String, String>>> lists,
        Map<String, Map<String, String>> items,
        TreeSet<String> missing) {
      for (Part part : parts) {
        switch (part) {
          case Text text -> out.append(text.text());
          case Variable variable -> out.append(lookup(variable.name(), variables, items, missing));
          case Block block -> block.repeat(out, variables, lists, items, missing);
        }
      }
    }

    void repeat(
        StringBuilder out,
        Map<String, String> variables,
        Map<String, List<Map<String, String>>> lists,
        Map<String, Map<String, String>> items,
        TreeSet<String> missing) {
      List<Map<String, String>> values = lists.get(list);
      if (values == null) {
        missing.add(list);
      }
      if (values == null || values.isEmpty()) {
        // still check the block's own variables, so a typo does not hide behind an empty list
        render(new StringBuilder(), variables, lists, withItem(items, ANY_ITEM), missing);
        return;
      }
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(separator);
        }
        render(out, variables, lists, withItem(items, values.get(i)), missing);
      }
    }

    private Map<String, Map<String, String>> withItem(
        Map<String, Map<String, String>> items, Map<String, String> value) {
      Map<String, Map<String, String>> inner = new HashMap<>(items);
      inner.put(item, value);
      return inner;
    }
  }

  private static String lookup(
      String name,
      Map<String, String> variables,
      Map<String, Map<String, String>> items,
      TreeSet<String> missing) {
    int dot = name.indexOf('.');
    Map<String, String> item = dot < 0 ? null : items.get(name.substring(0, dot));
    if (item != null) {
      String value = item == ANY_ITEM ? "" : item.get(name.substring(dot + 1));
      if (value == null) {
        missing.add(name);
      }
      return value == null ? "" : value;
    }
    String value = variables.get(name);
    if (value == null) {
      missing.add(name);
    }
    return value == null ? "" : value;
  }

  private static Block parse(String template, String source) {
    Deque<Block> open = new ArrayDeque<>();
    Block root = new Block(null, null, "", new ArrayList<>());
    open.push(root);
    Matcher tag = TAG.matcher(template);
    int from = 0;
    while (tag.find()) {
      if (tag.group(6) != null) {
        throw new LauncherException(source + " has a malformed tag " + tag.group());
      }
      int start = tag.start();
      int end = tag.end();
      if (tag.group(1) == null && standalone(template, start, end)) {
        start = template.lastIndexOf('\n', start - 1) + 1;
        int newline = template.indexOf('\n', end);
        end = newline < 0 ? template.length() : newline + 1;
      }
      open.peek().parts().add(new Text(template.substring(from, start)));
      from = end;
      if (tag.group(1) != null) {
        open.peek().parts().add(new Variable(tag.group(1)));
      } else if (tag.group(2) != null) {
        String separator = tag.group(4) == null ? "" : tag.group(4);
        Block block = new Block(tag.group(2), tag.group(3), separator, new ArrayList<>());
        open.peek().parts().add(block);
        open.push(block);
      } else if (open.size() == 1) {
        throw new LauncherException(source + " closes a block it never opened: " + tag.group());
      } else {
        open.pop();
      }
    }
    if (open.size() > 1) {
      throw new LauncherException(
          source
              + " leaves {{#each "
              + open.peek().item()
              + " in "
              + open.peek().list()
              + "}} open");
    }
    root.parts().add(new Text(template.substring(from)));
    return root;
  }

  /** Nothing but blanks around the tag on its line. */
  private static boolean standalone(String template, int start, int end) {
    int lineStart = template.lastIndexOf('\n', start - 1) + 1;
    int lineEnd = template.indexOf('\n', end);
    String before = template.substring(lineStart, start);
    String after = template.substring(end, lineEnd < 0 ? template.length() : lineEnd);
    return before.isBlank() && after.isBlank();
  }
}
