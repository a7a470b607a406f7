package dev.tandem.launcher.rules;

import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Topology.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The cluster's ZooKeeper as the services' config centre, for the operators' commands ({@code
 * rules}, {@code block}) and for {@code up}. Writes never delete a node: a service's ZooKeeper data
 * source takes a deleted node for "no rules at all", while a bad value leaves it with the rules it
 * had.
 */
public final class ConfigCentre implements AutoCloseable {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Read-modify-write attempts before giving up: each lost race means someone else's write got in,
   * so running out takes a sustained stream of concurrent writers.
   */
  static final int UPDATE_ATTEMPTS = 50;

  /** What a node holds and the version a conditional write must name. */
  public record Node(byte[] data, int version) {}

  private final ZooKeeper zooKeeper;
  private final String connectString;

  private ConfigCentre(ZooKeeper zooKeeper, String connectString) {
    this.zooKeeper = zooKeeper;
    this.connectString = connectString;
  }

  /** Connects to the ZooKeeper ensemble of the cluster. */
  public static ConfigCentre of(Context context) {
    String servers =
        context.topology().of("zookeeper").stream()
            .map(Instance::endpoint)
            .collect(Collectors.joining(","));
    return connect(servers, CONNECT_TIMEOUT, "cluster '" + context.cluster().name + "'");
  }

  static ConfigCentre connect(String connectString, Duration timeout, String whose) {
    return new ConfigCentre(ZooKeeperSession.open(connectString, timeout, whose), connectString);
  }

  public Optional<Node> read(String path) {
    return call(
        "read " + path,
        () -> {
          Stat stat = new Stat();
          try {
            return Optional.of(new Node(zooKeeper.getData(path, false, stat), stat.getVersion()));
          } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
          }
        });
  }

  /**
   * Sets every node to its value in one transaction: readers see all of the new values or none.
   * Missing nodes and their parents are created.
   */
  void writeAll(Map<String, byte[]> values) {
    if (values.isEmpty()) {
      return;
    }
    for (String path : values.keySet()) {
      createParents(path);
    }
    for (int attempt = 1; ; attempt++) {
      List<Op> ops = new ArrayList<>();
      for (var entry : values.entrySet()) {
        boolean exists =
            call("look at " + entry.getKey(), () -> zooKeeper.exists(entry.getKey(), false))
                != null;
        ops.add(
            exists
                ? Op.setData(entry.getKey(), entry.getValue(), -1)
                : Op.create(
                    entry.getKey(),
                    entry.getValue(),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT));
      }
      try {
        zooKeeper.multi(ops);
        return;
      } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException raced) {
        // another writer created (or someone deleted) a node between the look and the write
        if (attempt == UPDATE_ATTEMPTS) {
          throw failed("write " + String.join(", ", values.keySet()), raced);
        }
      } catch (KeeperException e) {
        throw failed("write " + String.join(", ", values.keySet()), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LauncherException("interrupted while writing to ZooKeeper");
      }
    }
  }

  /**
   * Changes one node without losing a concurrent change: reads it with its version, applies the
   * change, and writes only if nobody wrote in between, else starts over from the new value.
   *
   * @param change from the current value (empty: no node yet) to the new one; it may run more than
   *     once, so it must not have side effects
   * @return the value written (or kept, when the change leaves it as it was)
   */
  byte[] update(String path, Function<Optional<byte[]>, byte[]> change) {
    createParents(path);
    for (int attempt = 1; ; attempt++) {
      Optional<Node> current = read(path);
      byte[] next = change.apply(current.map(Node::data));
      if (current.isPresent() && Arrays.equals(current.get().data(), next)) {
        return next;
      }
      try {
        if (current.isPresent()) {
          zooKeeper.setData(path, next, current.get().version());
        } else {
          zooKeeper.create(path, next, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        return next;
      } catch (KeeperException.BadVersionException
          | KeeperException.NodeExistsException
          | KeeperException.NoNodeException raced) {
        if (attempt == UPDATE_ATTEMPTS) {
          throw failed("update " + path + " (" + attempt + " concurrent changes in a row)", raced);
        }
      } catch (KeeperException e) {
        throw failed("update " + path, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LauncherException("interrupted while writing to ZooKeeper");
      }
    }
  }

  /** Creates the empty ancestors of a node that do not exist yet. */
  private void createParents(String path) {
    StringBuilder current = new StringBuilder();
    String[] parts = path.substring(1).split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      current.append('/').append(parts[i]);
      String parent = current.toString();
      call(
          "create " + parent,
          () -> {
            try {
              return zooKeeper.create(
                  parent, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException exists) {
              return parent;
            }
          });
    }
  }

  private interface ZooKeeperCall<T> {
    T call() throws KeeperException, InterruptedException;
  }

  private <T> T call(String what, ZooKeeperCall<T> call) {
    try {
      return call.call();
    } catch (KeeperException e) {
      throw failed(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LauncherException("interrupted while talking to ZooKeeper");
    }
  }

  private LauncherException failed(String what, KeeperException e) {
    return new LauncherException(
        "ZooKeeper at "
            + connectString
            + " could not "
            + what
            + ": "
            + e.code()
            + (e.code() == KeeperException.Code.CONNECTIONLOSS
                    || e.code() == KeeperException.Code.SESSIONEXPIRED
                ? "; see ./tandem status"
                : ""),
        e);
  }

  @Override
  public void close() {
    ZooKeeperSession.close(zooKeeper);
  }
}
