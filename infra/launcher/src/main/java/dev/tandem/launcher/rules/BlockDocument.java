package dev.tandem.launcher.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.launcher.cluster.LauncherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The block list's document at {@link BlockList#PATH}, {@code {"addresses": [...], "members":
 * [...]}}, as read from ZooKeeper and changed in memory. Keys other than the two lists are kept as
 * they are: the gateways may come to read more from this node than {@code ./tandem block} writes.
 */
final class BlockDocument {

  static final String ADDRESSES = "addresses";
  static final String MEMBERS = "members";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode document;

  private BlockDocument(ObjectNode document) {
    this.document = document;
    list(ADDRESSES);
    list(MEMBERS);
  }

  /**
   * The document as the node holds it (empty or missing: both lists empty), with both lists
   * present.
   *
   * @throws LauncherException when the node holds something else, which the gateways ignore
   */
  static BlockDocument of(Optional<byte[]> current) {
    if (current.isEmpty() || current.get().length == 0) {
      return new BlockDocument(JSON.createObjectNode());
    }
    JsonNode read;
    try {
      read = JSON.readTree(current.get());
    } catch (IOException e) {
      read = null;
    }
    if (read == null
        || !read.isObject()
        || (read.has(ADDRESSES) && !read.get(ADDRESSES).isArray())
        || (read.has(MEMBERS) && !read.get(MEMBERS).isArray())) {
      throw new LauncherException(
          "ZooKeeper node "
              + BlockList.PATH
              + " holds no block list ("
              + new String(current.get(), StandardCharsets.UTF_8)
              + "); the gateways keep the last list they could read. Set it to a valid one,"
              + " e.g. {\"addresses\": [], \"members\": []}, with ZooKeeper's zkCli.sh, then run"
              + " this again");
    }
    return new BlockDocument((ObjectNode) read);
  }

  /**
   * Adds the entry unless its list has it.
   *
   * @return whether it was added
   */
  boolean add(BlockList.Entry entry) {
    ArrayNode list = list(entry.list());
    if (indexOf(list, entry.value()) >= 0) {
      return false;
    }
    list.add(entry.value());
    return true;
  }

  /**
   * Removes the entry, every time its list names it: a list written by hand may name it twice.
   *
   * @return whether it was there
   */
  boolean remove(BlockList.Entry entry) {
    ArrayNode list = list(entry.list());
    int index = indexOf(list, entry.value());
    if (index < 0) {
      return false;
    }
    for (; index >= 0; index = indexOf(list, entry.value())) {
      list.remove(index);
    }
    return true;
  }

  /** Every entry, addresses first, as the command line writes them. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    list(ADDRESSES).forEach(a -> lines.add(a.asText()));
    list(MEMBERS).forEach(m -> lines.add("member:" + m.asText()));
    return lines;
  }

  byte[] bytes() {
    try {
      return JSON.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ArrayNode list(String name) {
    return document.has(name) ? (ArrayNode) document.get(name) : document.putArray(name);
  }

  private static int indexOf(ArrayNode list, String value) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).asText().equals(value)) {
        return i;
      }
    }
    return -1;
  }
}
