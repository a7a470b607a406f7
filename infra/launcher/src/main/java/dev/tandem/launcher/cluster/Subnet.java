package dev.tandem.launcher.cluster;

/** An IPv4 subnet such as {@code 10.247.0.0/24}; hosts are addressed by their offset in it. */
public record Subnet(int network, int prefix) {

  public Subnet {
    if (prefix < 0 || prefix > 32) {
      throw new LauncherException("prefix /" + prefix + " is not between /0 and /32");
    }
    network &= mask(prefix);
  }

  /** A subnet to lay a cluster on: large enough for every host and VIP of the topology. */
  static Subnet forCluster(String text) {
    Subnet subnet = parse(text);
    if (subnet.prefix < 8 || subnet.prefix > 24) {
      throw new LauncherException(
          "subnet prefix /"
              + subnet.prefix
              + " is not supported: use a /8 to /24 subnet (TANDEM_SUBNET)");
    }
    return subnet;
  }

  static Subnet parse(String text) {
    String[] parts = text.trim().split("/");
    if (parts.length != 2) {
      throw new LauncherException("subnet '" + text + "' is not of the form A.B.C.D/PREFIX");
    }
    try {
      return new Subnet(toInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      throw new LauncherException("subnet '" + text + "' is not of the form A.B.C.D/PREFIX");
    }
  }

  /** The address at {@code offset} inside the subnet, e.g. offset 11 of 10.247.0.0/24 is .11. */
  String address(int offset) {
    int size = 1 << (32 - prefix);
    if (offset <= 0 || offset >= size - 1) {
      throw new LauncherException("offset " + offset + " does not fit in subnet " + this);
    }
    return toText(network + offset);
  }

  public boolean contains(String address) {
    try {
      return (toInt(address) & mask(prefix)) == network;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  boolean overlaps(Subnet other) {
    int shortest = Math.min(prefix, other.prefix);
    return (network & mask(shortest)) == (other.network & mask(shortest));
  }

  @Override
  public String toString() {
    return toText(network) + "/" + prefix;
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  static int toInt(String dotted) {
    String[] octets = dotted.split("\\.");
    if (octets.length != 4) {
      throw new NumberFormatException(dotted);
    }
    int value = 0;
    for (String octet : octets) {
      int part = Integer.parseInt(octet);
      if (part < 0 || part > 255) {
        throw new NumberFormatException(dotted);
      }
      value = (value << 8) | part;
    }
    return value;
  }

  public static String toText(int address) {
    return (address >>> 24)
        + "."
        + ((address >>> 16) & 255)
        + "."
        + ((address >>> 8) & 255)
        + "."
        + (address & 255);
  }
}
