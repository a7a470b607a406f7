package dev.tandem.launcher.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@code status} as a table for people and as JSON for tools (a contract: see ARCHITECTURE.md). */
public final class StatusReport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter()
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER));

  private StatusReport() {}

  public static String table(Context context, List<Observer.Row> rows) {
    StringBuilder text = new StringBuilder();
    // each column as wide as its widest value, so a long component name keeps its row aligned
    String format =
        "%-"
            + width(rows, r -> r.instance().name(), 24)
            + "s %-"
            + width(rows, r -> r.instance().component(), 14)
            + "s %-"
            + width(rows, r -> r.instance().host().name() + (r.isolated() ? " (cut)" : ""), 18)
            + "s %-20s %-11s %-8s %s%n";
    text.append(
        String.format(format, "NAME", "COMPONENT", "HOST", "ADDRESS", "ROLE", "HEALTHY", "PID"));
    for (Observer.Row row : rows) {
      String role = Optional.ofNullable(row.role()).orElse("-");
      if (row.instance().shard() != null && row.role() != null) {
        role = role + " s" + row.instance().shard();
      }
      text.append(
          String.format(
              format,
              row.instance().name(),
              row.instance().component(),
              row.instance().host().name() + (row.isolated() ? " (cut)" : ""),
              address(row),
              role,
              row.healthy() ? "yes" : "NO",
              row.pid() == null
                  ? (row.process() == null ? "-" : row.process().state().toLowerCase())
                  : row.pid()));
    }
    Map<String, Object> vip = vip(context, rows);
    if (vip.get("address") != null) {
      text.append("\nVIP ")
          .append(vip.get("address"))
          .append(" held by ")
          .append(vip.get("holder"))
          .append('\n');
    }
    return text.toString();
  }

  public static String json(Context context, List<Observer.Row> rows) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("profile", context.topology().profile());
    document.put("vip", vip(context, rows));
    List<Map<String, Object>> instances = new ArrayList<>();
    for (Observer.Row row : rows) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", row.instance().name());
      item.put("component", row.instance().component());
      item.put("host", row.instance().host().name());
      item.put("address", address(row));
      item.put("role", row.role());
      if (row.instance().shard() != null) {
        item.put("shard", row.instance().shard());
      }
      item.put("healthy", row.healthy());
      item.put("pid", row.pid());
      item.put("isolated", row.isolated());
      instances.add(item);
    }
    document.put("instances", instances);
    try {
      return JSON.writer(PRETTY).writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int width(
      List<Observer.Row> rows, Function<Observer.Row, String> value, int least) {
    int widest = rows.stream().mapToInt(r -> value.apply(r).length()).max().orElse(0);
    return Math.max(least, widest + 1);
  }

  /** keepalived has no port; every other instance is reported as IP:PORT. */
  private static String address(Observer.Row row) {
    return row.instance().port() > 0 ? row.instance().endpoint() : row.instance().address();
  }

  /**
   * The entry VIP (the one no shard owns) and the instance holding it, the one on its hosts that
   * reports itself master (null in lite, which has no VIP).
   */
  private static Map<String, Object> vip(Context context, List<Observer.Row> rows) {
    Map<String, Object> vip = new LinkedHashMap<>();
    Optional<Topology.Vip> entry =
        context.topology().vips().stream().filter(v -> v.shard() == null).findFirst();
    vip.put("address", entry.map(Topology.Vip::address).orElse(null));
    vip.put(
        "holder",
        entry
            .flatMap(
                v ->
                    rows.stream()
                        .filter(r -> v.hosts().contains(r.instance().host()))
                        .filter(r -> "master".equals(r.role()))
                        .map(r -> r.instance().name())
                        .findFirst())
            .orElse(null));
    return vip;
  }
}
