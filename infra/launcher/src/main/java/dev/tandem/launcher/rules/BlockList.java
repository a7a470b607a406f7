package dev.tandem.launcher.rules;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The operators' block list: client addresses and member ids the gateways answer 403, kept in
 * ZooKeeper at {@code /tandem/risk/blocked} as {@code {"addresses": ["10.0.0.7"], "members":
 * ["123"]}} and read live by every gateway. {@code ./tandem block} and {@code unblock} change it
 * read-modify-write with ZooKeeper's versioned writes, so two operators (or scripts) changing it at
 * the same moment both get their change in.
 */
public final class BlockList {

  public static final String PATH = "/tandem/risk/blocked";

  private static final Pattern IPV4 =
      Pattern.compile(
          "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern MEMBER_ID = Pattern.compile("[1-9]\\d{0,18}");

  /** One thing to block: a client address, or a member. */
  public sealed interface Entry {
    /** Its place in the document: {@code addresses} or {@code members}. */
    String list();

    /** Its value there, canonical, so the same address always reads the same. */
    String value();

    /** How the command line writes it. */
    String text();
  }

  record Address(String value) implements Entry {
    @Override
    public String list() {
      return BlockDocument.ADDRESSES;
    }

    @Override
    public String text() {
      return value;
    }
  }

  record Member(String value) implements Entry {
    @Override
    public String list() {
      return BlockDocument.MEMBERS;
    }

    @Override
    public String text() {
      return "member:" + value;
    }
  }

  private BlockList() {}

  /**
   * Reads one command line argument: an IPv4 or IPv6 address (never a host name: the gateways
   * compare addresses, and a name would be resolved here, not there), or {@code member:ID} with a
   * positive 64-bit decimal id.
   *
   * @throws IllegalArgumentException naming what is wrong and what is accepted
   */
  public static Entry parse(String argument) {
    if (argument.startsWith("member:")) {
      String id = argument.substring("member:".length());
      if (!MEMBER_ID.matcher(id).matches() || !fitsInLong(id)) {
        throw new IllegalArgumentException(
            "'"
                + argument
                + "': a member id is a positive 64-bit decimal number without sign or leading"
                + " zeros (at most 9223372036854775807), e.g. member:7301245876543210");
      }
      return new Member(id);
    }
    if (IPV4.matcher(argument).matches()) {
      return new Address(argument);
    }
    if (argument.contains(":") && IPV6_CHARACTERS.matcher(argument).matches()) {
      // Only hex digits, colons and dots: InetAddress takes it as a literal, never a name to look
      // up.
      try {
        InetAddress address = InetAddress.getByName(argument);
        return new Address(
            address instanceof Inet6Address v6
                ? canonicalIpv6(v6.getAddress())
                : address.getHostAddress());
      } catch (UnknownHostException e) {
        // falls through to the message below
      }
    }
    throw new IllegalArgumentException(
        "'"
            + argument
            + "' is neither an IPv4 or IPv6 address nor member:ID; host names, ranges, ports and"
            + " brackets are not accepted (e.g. 10.0.0.7, 2001:db8::7, member:7301245876543210)");
  }

  private static boolean fitsInLong(String digits) {
    try {
      Long.parseLong(digits);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * RFC 5952's text form (lower case, no leading zeros, the longest run of two or more zero groups
   * as {@code ::}): how nginx and the JDK's request objects print client addresses, so the gateways
   * can compare strings.
   */
  static String canonicalIpv6(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    if (bestLength < 2) {
      bestStart = -1;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  /** What {@link #change} did: entries it added or removed, and those that were already so. */
  public record Change(List<Entry> done, List<Entry> already, byte[] document) {}

  /**
   * Blocks the entries (or, with {@code block == false}, unblocks them), without losing others'
   * changes.
   */
  public static Change change(ConfigCentre zooKeeper, List<Entry> entries, boolean block) {
    AtomicReference<Change> outcome = new AtomicReference<>();
    zooKeeper.update(
        PATH,
        current -> {
          Change change = apply(current, entries, block);
          // the last attempt is the one that was written: overwrite what earlier ones saw
          outcome.set(change);
          return change.document();
        });
    return outcome.get();
  }

  /** The pure part of {@link #change}: the new document from the current one. */
  static Change apply(Optional<byte[]> current, List<Entry> entries, boolean block) {
    BlockDocument document = BlockDocument.of(current);
    List<Entry> done = new ArrayList<>();
    List<Entry> already = new ArrayList<>();
    for (Entry entry : entries) {
      boolean changed = block ? document.add(entry) : document.remove(entry);
      if (changed) {
        done.add(entry);
      } else if (!already.contains(entry) && !done.contains(entry)) {
        already.add(entry);
      }
    }
    return new Change(done, already, document.bytes());
  }

  /** Every entry in the document, addresses first, as the command line writes them. */
  public static List<String> entries(Optional<byte[]> current) {
    return BlockDocument.of(current).lines();
  }
}
