package dev.tandem.gateway.risk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' block list: client addresses and member ids whose requests are refused (403), kept
 * at a ZooKeeper node as {@code {"addresses": [...], "members": [...]}} by {@code ./tandem block}
 * and {@code unblock}, and watched: a change is in force on every gateway within moments.
 *
 * <p>While ZooKeeper is away the list last read stays in force (the cache keeps it), so a registry
 * outage neither lifts the blocks nor blocks anyone new. A node that does not parse is logged and
 * ignored, the list in force stays; a node that is deleted means nobody is blocked.
 */
final class BlockList implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BlockList.class);

  /** The node's content. Member ids are strings, as everywhere in the API. */
  record Entries(List<String> addresses, List<String> members) {}

  private record Blocked(Set<String> addresses, Set<String> members) {
    static final Blocked NOBODY = new Blocked(Set.of(), Set.of());
  }

  private final ObjectMapper json =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private final String node;
  private final CuratorCache cache;
  private volatile Blocked blocked = Blocked.NOBODY;

  /** Nobody blocked, and no source: for a registry without one (Nacos, for now). */
  BlockList() {
    this.node = "(none)";
    this.cache = null;
  }

  BlockList(CuratorFramework zookeeper, String node) {
    this.node = node;
    this.cache = CuratorCache.build(zookeeper, node, CuratorCache.Options.SINGLE_NODE_CACHE);
    cache
        .listenable()
        .addListener(
            CuratorCacheListener.builder()
                .forCreatesAndChanges((before, now) -> read(now))
                .forDeletes(gone -> apply(Blocked.NOBODY))
                .build());
    cache.start();
  }

  boolean blocksAddress(String address) {
    return blocked.addresses().contains(address);
  }

  boolean blocksMember(String member) {
    return member != null && blocked.members().contains(member);
  }

  private void read(ChildData data) {
    byte[] bytes = data.getData();
    if (bytes == null || bytes.length == 0) {
      apply(Blocked.NOBODY);
      return;
    }
    try {
      Entries entries = json.readValue(bytes, Entries.class);
      apply(
          new Blocked(
              Set.copyOf(entries.addresses() == null ? List.of() : entries.addresses()),
              Set.copyOf(entries.members() == null ? List.of() : entries.members())));
    } catch (IOException | NullPointerException invalid) {
      log.warn("block list at {} ignored, the list in force stays: {}", node, invalid.getMessage());
    }
  }

  private void apply(Blocked now) {
    blocked = now;
    log.info(
        "block list at {}: {} addresses, {} members",
        node,
        now.addresses().size(),
        now.members().size());
  }

  @Override
  public void close() {
    if (cache != null) {
      cache.close();
    }
  }
}
