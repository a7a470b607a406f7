package dev.tandem.bench;

import java.util.List;

/**
 * The request classes measured, by how a user meets them (issue 14). Reads act as a member with
 * their own token, except search, which is public; writes carry an Idempotency-Key.
 */
enum Kind {
  HOME("home", 200),
  MEMBER("member", 200),
  SEARCH("search", 200),
  REGISTER("register", 201),
  CLAIM("claim", 201);

  static final List<Kind> ALL = List.of(values());

  private final String label;
  private final int expected;

  Kind(String label, int expected) {
    this.label = label;
    this.expected = expected;
  }

  String label() {
    return label;
  }

  /** The status that counts as success; anything else is an error of that status. */
  int expected() {
    return expected;
  }
}
