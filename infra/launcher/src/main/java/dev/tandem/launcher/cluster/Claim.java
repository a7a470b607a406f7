package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this cluster may claim before it creates anything: a subnet nothing else on the machine
 * routes, and cluster names no other checkout runs.
 */
final class Claim {

  private final Network network;
  private final Cluster cluster;

  Claim(Network network, Cluster cluster) {
    this.network = network;
    this.cluster = cluster;
  }

  /** Refuses a subnet that the machine already routes elsewhere (a LAN, VPN or Docker network). */
  void checkSubnetIsFree() {
    String routes = Proc.check("ip", "-4", "-o", "route", "show");
    for (String line : routes.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length == 0 || words[0].isEmpty() || words[0].equals("default")) {
        continue;
      }
      if (line.contains(" dev " + network.machineVeth() + " ")
          || line.endsWith(" dev " + network.machineVeth())) {
        continue;
      }
      String destination = words[0].contains("/") ? words[0] : words[0] + "/32";
      Subnet routed;
      try {
        routed =
            Subnet.parse(
                destination.endsWith("/32") ? destination.replace("/32", "/24") : destination);
      } catch (LauncherException e) {
        continue;
      }
      if (routed.overlaps(cluster.topology.subnet())) {
        throw new LauncherException(
            "subnet "
                + cluster.topology.subnet()
                + " overlaps a route this machine already has ("
                + line.trim()
                + "); choose a free one, e.g. TANDEM_SUBNET=10.248.0.0/24 ./tandem up");
      }
    }
  }

  /**
   * Which checkout runs this cluster: namespaces are machine-wide, so two checkouts using the same
   * cluster name would share (and break) each other's hosts. Kept in /run, which a reboot clears
   * together with the namespaces.
   */
  Path ownerFile() {
    return Path.of("/run/tandem", cluster.name + ".root");
  }

  public void checkOwner() {
    try {
      Path owner = ownerFile();
      if (Files.exists(owner) && network.namespaces().contains(network.bridgeNs())) {
        String other = Files.readString(owner).strip();
        if (!other.equals(cluster.root.toString()) && supervisorAlive(Path.of(other))) {
          throw new LauncherException(
              "cluster '"
                  + cluster.name
                  + "' is run by the checkout at "
                  + other
                  + "; run ./tandem down there, or give this checkout a cluster of its own, e.g. "
                  + "TANDEM_CLUSTER=other TANDEM_SUBNET=10.248.0.0/24 ./tandem up");
        }
      }
    } catch (IOException e) {
      throw new LauncherException("cannot read " + ownerFile() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether another checkout's supervisord still runs. A checkout whose processes are gone (a
   * killed session, a reboot that kept /run) left only hosts behind, which this one may take over.
   */
  private boolean supervisorAlive(Path otherRoot) {
    Path pidFile =
        otherRoot.resolve(".tandem").resolve(cluster.name).resolve("run/supervisord.pid");
    try {
      if (!Files.exists(pidFile)) {
        return false;
      }
      String pid = Files.readString(pidFile).strip();
      return pid.matches("\\d+") && Files.exists(Path.of("/proc", pid));
    } catch (IOException e) {
      return false;
    }
  }
}
