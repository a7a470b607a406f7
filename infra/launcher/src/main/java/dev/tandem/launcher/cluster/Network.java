package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster's hosts: one network namespace per host, all joined by a bridge that lives in a
 * namespace of its own ({@code NAME-net}), and one veth ({@code NAME0}) through which the machine
 * reaches them. Hosts get no default route, so nothing they send can leave the subnet.
 */
public final class Network {

  private static final String BRIDGE = "br0";
  private static final String UPLINK = "up0";

  private final Cluster cluster;
  private final Topology topology;

  public Network(Cluster cluster) {
    this.cluster = cluster;
    this.topology = cluster.topology;
  }

  String bridgeNs() {
    return cluster.name + "-net";
  }

  String machineVeth() {
    return cluster.name + "0";
  }

  String machineAddress() {
    return topology.subnet().address(1);
  }

  /** The bridge-side end of a host's veth, named after the host's offset in the subnet. */
  String hostPort(Topology.Host host) {
    int offset = Subnet.toInt(host.address()) - topology.subnet().network();
    return "h" + offset;
  }

  /** Refuses a subnet that the machine already routes elsewhere (a LAN, VPN or Docker network). */
  void checkSubnetIsFree() {
    new Claim(this, cluster).checkSubnetIsFree();
  }

  /** True when the machine's veth is up with the cluster's subnet: only then may we send to it. */
  public boolean routed() {
    // asked of the kernel directly: starting an ip process was a third of a quick command's time
    boolean routed;
    try {
      NetworkInterface veth = NetworkInterface.getByName(machineVeth());
      routed =
          veth != null
              && veth.getInterfaceAddresses().stream()
                  .anyMatch(
                      a ->
                          a.getAddress() instanceof Inet4Address
                              && a.getAddress().getHostAddress().equals(machineAddress()));
    } catch (SocketException e) {
      routed = false;
    }
    if (routed) {
      Wire.allow(topology.subnet());
    }
    return routed;
  }

  Set<String> namespaces() {
    String out = Proc.check("ip", "netns", "list");
    return Arrays.stream(out.split("\n"))
        .map(l -> l.trim().split("\\s+")[0])
        .filter(n -> !n.isEmpty())
        .collect(Collectors.toSet());
  }

  /**
   * Which checkout runs this cluster: namespaces are machine-wide, so two checkouts using the same
   * cluster name would share (and break) each other's hosts.
   */
  Path ownerFile() {
    return new Claim(this, cluster).ownerFile();
  }

  public void checkOwner() {
    new Claim(this, cluster).checkOwner();
  }

  /** Every host's one interface, as the topology names it. */
  private String iface() {
    return cluster.topology.networkInterface();
  }

  /** Creates what is missing; leaves what exists. */
  void create() {
    checkOwner();
    try {
      Files.createDirectories(ownerFile().getParent());
      Files.writeString(ownerFile(), cluster.root + "\n");
    } catch (IOException e) {
      throw new LauncherException("cannot write " + ownerFile() + ": " + e.getMessage(), e);
    }
    Set<String> existing = namespaces();
    if (!existing.contains(bridgeNs())) {
      ip("netns", "add", bridgeNs());
    }
    ip("-n", bridgeNs(), "link", "set", "lo", "up");
    if (!linkExists(bridgeNs(), BRIDGE)) {
      ip("-n", bridgeNs(), "link", "add", BRIDGE, "type", "bridge");
    }
    ip("-n", bridgeNs(), "link", "set", BRIDGE, "up");
    if (!linkExists(null, machineVeth())) {
      ip("link", "add", machineVeth(), "type", "veth", "peer", "name", UPLINK, "netns", bridgeNs());
    }
    ip("-n", bridgeNs(), "link", "set", UPLINK, "master", BRIDGE, "up");
    String prefix = "/" + topology.subnet().prefix();
    if (!Proc.check("ip", "-4", "-o", "addr", "show", "dev", machineVeth())
        .contains(" " + machineAddress() + "/")) {
      ip("addr", "add", machineAddress() + prefix, "dev", machineVeth());
    }
    ip("link", "set", machineVeth(), "up");
    Wire.allow(topology.subnet());
    createHosts(existing, prefix);
  }

  /**
   * The hosts, in a few {@code ip -batch} calls instead of seven {@code ip} calls per host: the
   * namespaces and their veths from the machine, the bridge ports from the bridge's namespace, then
   * one call per host for what only its own namespace can set. {@code addr replace} leaves an
   * address that is already there alone, so nothing needs looking at first.
   */
  private void createHosts(Set<String> existing, String prefix) {
    Set<String> ports = links(bridgeNs());
    List<String> machine = new ArrayList<>();
    List<String> bridge = new ArrayList<>();
    for (Topology.Host host : topology.hosts()) {
      String ns = cluster.nsName(host);
      if (!existing.contains(ns)) {
        machine.add("netns add " + ns);
      }
      // the bridge port exists exactly when the pair does: both ends are made in one step
      if (!ports.contains(hostPort(host))) {
        machine.add(
            "link add "
                + hostPort(host)
                + " netns "
                + bridgeNs()
                + " type veth peer name "
                + iface()
                + " netns "
                + ns);
      }
      bridge.add("link set " + hostPort(host) + " master " + BRIDGE + " up");
    }
    batch(null, machine);
    batch(bridgeNs(), bridge);
    for (Topology.Host host : topology.hosts()) {
      batch(
          cluster.nsName(host),
          List.of(
              "link set lo up",
              "addr replace " + host.address() + prefix + " dev " + iface(),
              "link set " + iface() + " up"));
    }
  }

  /** The links of a namespace, by name (a veth's name without its {@code @peer}). */
  private static Set<String> links(String ns) {
    Proc.Result result =
        Proc.run(List.of("ip", "-n", ns, "-o", "link", "show"), Duration.ofSeconds(10));
    Set<String> links = new HashSet<>();
    if (result.ok()) {
      for (String line : result.output().split("\n")) {
        String[] words = line.trim().split("\\s+");
        if (words.length > 1) {
          links.add(words[1].replaceAll(":$", "").replaceAll("@.*$", ""));
        }
      }
    }
    return links;
  }

  /**
   * Runs {@code ip} commands in one process, in a namespace when given; stops at the first error.
   */
  private static void batch(String ns, List<String> commands) {
    if (commands.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("ip"));
    if (ns != null) {
      command.addAll(List.of("-n", ns));
    }
    command.addAll(List.of("-batch", "-"));
    Proc.check(command, String.join("\n", commands) + "\n", Duration.ofSeconds(60));
  }

  /** Removes every namespace of this cluster and the machine's veth. Harmless when none exist. */
  public void destroy() {
    for (String ns : namespaces()) {
      if (ns.startsWith(cluster.name + "-")) {
        Proc.run(List.of("ip", "netns", "delete", ns), Duration.ofSeconds(30));
      }
    }
    if (linkExists(null, machineVeth())) {
      Proc.run(List.of("ip", "link", "delete", machineVeth()), Duration.ofSeconds(30));
    }
    try {
      Files.deleteIfExists(ownerFile());
    } catch (IOException e) {
      throw new LauncherException("cannot delete " + ownerFile() + ": " + e.getMessage(), e);
    }
  }

  /** Cuts the host off: its cable stays plugged in, but the switch port goes nowhere. */
  public void isolate(Topology.Host host) {
    ip("-n", bridgeNs(), "link", "set", hostPort(host), "nomaster");
  }

  public void heal(Topology.Host host) {
    ip("-n", bridgeNs(), "link", "set", hostPort(host), "master", BRIDGE);
  }

  /** The hosts cut off by {@link #isolate}, from one look at the bridge's ports. */
  Set<Topology.Host> isolatedHosts() {
    Proc.Result result =
        Proc.run(List.of("ip", "-n", bridgeNs(), "-o", "link", "show"), Duration.ofSeconds(5));
    Set<Topology.Host> cut = new HashSet<>();
    if (!result.ok()) {
      return cut;
    }
    for (String line : result.output().split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length < 2) {
        continue;
      }
      String port = words[1].replaceAll(":$", "").replaceAll("@.*$", "");
      if (!line.contains("master " + BRIDGE)) {
        topology.hosts().stream().filter(h -> hostPort(h).equals(port)).forEach(cut::add);
      }
    }
    return cut;
  }

  /** IPv4 addresses on the host's interface, VIPs included. */
  public List<String> addresses(Topology.Host host) {
    Proc.Result result =
        Proc.run(
            List.of("ip", "-n", cluster.nsName(host), "-4", "-o", "addr", "show", "dev", iface()),
            Duration.ofSeconds(5));
    List<String> addresses = new ArrayList<>();
    if (result.ok()) {
      for (String line : result.output().split("\n")) {
        String[] words = line.trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
          if (words[i].equals("inet")) {
            addresses.add(words[i + 1].split("/")[0]);
          }
        }
      }
    }
    return addresses;
  }

  /** A keepalived killed with SIGKILL leaves its VIP behind; remove it before it starts again. */
  void removeAddress(Topology.Host host, String address) {
    if (addresses(host).contains(address)) {
      Proc.run(
          List.of("ip", "-n", cluster.nsName(host), "addr", "del", address + "/32", "dev", iface()),
          Duration.ofSeconds(5));
      Proc.run(
          List.of(
              "ip",
              "-n",
              cluster.nsName(host),
              "addr",
              "del",
              address + "/" + topology.subnet().prefix(),
              "dev",
              iface()),
          Duration.ofSeconds(5));
    }
  }

  public List<String> exec(Topology.Host host, String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", cluster.nsName(host)));
    full.addAll(List.of(command));
    return full;
  }

  /** Like {@link #exec}, as an unprivileged user (a product that refuses root, or needs none). */
  public List<String> execAs(Topology.Host host, String user, String... command) {
    List<String> full =
        new ArrayList<>(
            exec(host, "setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
    full.addAll(List.of(command));
    return full;
  }

  private boolean linkExists(String ns, String link) {
    List<String> command = new ArrayList<>();
    command.add("ip");
    if (ns != null) {
      command.addAll(List.of("-n", ns));
    }
    command.addAll(List.of("link", "show", link));
    return Proc.run(command, Duration.ofSeconds(5)).ok();
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>();
    command.add("ip");
    command.addAll(List.of(args));
    Proc.check(command, Duration.ofSeconds(30));
  }
}
