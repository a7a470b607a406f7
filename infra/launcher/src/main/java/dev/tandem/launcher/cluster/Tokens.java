package dev.tandem.launcher.cluster;

import com.nimbusds.jose.jwk.ECKey;
import dev.tandem.platform.security.KeyDirectory;
import dev.tandem.platform.security.TokenMinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The cluster's access tokens: where its signing keys live ({@code data/PROFILE/jwt}, made by
 * {@code ./tandem up}, kept by {@code down}, deleted by {@code down --purge} with the rest of the
 * data), who issues the tokens and for whom, and what {@code ./tandem token} and {@code ./tandem
 * rotate-keys} do with them. The key files and the tokens' shape belong to common/platform's {@link
 * KeyDirectory} and {@link TokenMinter}; this class only says where and for how long.
 */
public final class Tokens {

  /** Who the cluster's tokens are for: its API, whichever service verifies them. */
  static final String AUDIENCE = "tandem-api";

  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);

  /**
   * The longest token {@code ./tandem token} mints. A rotation retires the replaced key only once
   * every token it signed has expired, so this is also how long one rotation waits for the next:
   * short on purpose, an hour rather than a day.
   */
  public static final Duration MAX_LIFETIME = KeyDirectory.MAX_TOKEN_LIFETIME;

  private final KeyDirectory keys;
  private final String issuer;
  private final Clock clock;

  public Tokens(Cluster cluster, Clock clock) {
    this.keys = KeyDirectory.at(keyDirectory(cluster));
    this.issuer = issuer(cluster);
    this.clock = clock;
  }

  /** One directory per cluster and profile, beside the data it protects. */
  public static Path keyDirectory(Cluster cluster) {
    return cluster.data().resolve("jwt").toAbsolutePath();
  }

  /**
   * The token every Dubbo provider of the cluster demands of its callers; consumers learn it from
   * the registry. One per cluster, not Dubbo's random one per instance: a failover retry carries
   * the token of the first provider it tried (Dubbo 3.3.5), so with per-instance tokens every retry
   * on another instance was refused and a killed provider cost its callers their retries (kill
   * drills). Made on first use, kept in {@code data/PROFILE/dubbo-token}, root only.
   */
  public static String dubboToken(Cluster cluster) {
    Path file = cluster.data().resolve("dubbo-token").toAbsolutePath();
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      Files.createDirectories(file.getParent());
      String token = UUID.randomUUID().toString();
      Path temp = file.resolveSibling(".dubbo-token.tmp");
      Files.deleteIfExists(temp);
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, token);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or make " + file, e);
    }
  }

  static String issuer(Cluster cluster) {
    return "urn:tandem:" + cluster.name;
  }

  /** Makes the cluster's first signing key unless it has one; true when it made one. */
  public boolean ensure() {
    return reported(() -> keys.ensure(clock.instant()));
  }

  /** A compact token for what was asked, signed with the key that signs now. */
  public String mint(Request request) {
    requireKey();
    TokenMinter minter = new TokenMinter(keys, issuer, AUDIENCE, clock);
    TokenMinter.Minted minted =
        reported(
            () ->
                request.member().isPresent()
                    ? minter.member(request.member().getAsLong(), request.lifetime())
                    : minter.admin(request.lifetime()));
    return minted.token();
  }

  /**
   * Adds the next signing key; it signs from {@link KeyDirectory#PROPAGATION} on. Refused, with the
   * time to come back, while the previous rotation may still have live tokens.
   */
  public ECKey rotate() {
    requireKey();
    return reported(() -> keys.rotate(clock.instant(), MAX_LIFETIME));
  }

  private void requireKey() {
    if (reported(keys::keys).isEmpty()) {
      throw new LauncherException(
          "no signing key in " + keys.path() + ": start the cluster with ./tandem up");
    }
  }

  /** The key directory's failures name their file and cause: a message, not a stack trace. */
  private static <T> T reported(Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalStateException | UncheckedIOException e) {
      throw new LauncherException(e.getMessage(), e);
    }
  }

  /**
   * What {@code ./tandem token} was asked for: an operator's token or a member's, and for how long.
   */
  public record Request(OptionalLong member, Duration lifetime) {

    static final String SYNTAX = "./tandem token --admin|--member ID [--ttl MINUTES]";

    /**
     * @throws IllegalArgumentException naming what is wrong with the arguments and how to fix it
     */
    public static Request parse(List<String> args) {
      boolean admin = false;
      OptionalLong member = OptionalLong.empty();
      Duration lifetime = null;
      for (int i = 0; i < args.size(); i++) {
        String option = args.get(i);
        switch (option) {
          case "--admin" -> {
            once(option, admin);
            admin = true;
          }
          case "--member" -> {
            once(option, member.isPresent());
            member = OptionalLong.of(memberId(value(args, ++i, "--member", "a member's id")));
          }
          case "--ttl" -> {
            once(option, lifetime != null);
            lifetime = lifetime(value(args, ++i, "--ttl", "a number of minutes"));
          }
          default ->
              throw new IllegalArgumentException(
                  "token does not take '" + option + "'; use " + SYNTAX);
        }
      }
      if (admin == member.isPresent()) {
        throw new IllegalArgumentException(
            (admin
                    ? "token takes --admin or --member ID, not both"
                    : "token needs --admin or --member ID")
                + "; use "
                + SYNTAX);
      }
      return new Request(member, lifetime == null ? DEFAULT_LIFETIME : lifetime);
    }

    private static void once(String option, boolean seen) {
      if (seen) {
        throw new IllegalArgumentException(option + " is given twice; give it once");
      }
    }

    private static String value(List<String> args, int index, String option, String what) {
      if (index >= args.size() || args.get(index).startsWith("--")) {
        throw new IllegalArgumentException(option + " needs " + what + "; use " + SYNTAX);
      }
      return args.get(index);
    }

    private static long memberId(String text) {
      try {
        if (text.matches("\\d{1,19}") && Long.parseLong(text) > 0) {
          return Long.parseLong(text);
        }
      } catch (NumberFormatException tooLarge) {
        // falls through to the message below
      }
      throw new IllegalArgumentException(
          "member id '"
              + text
              + "' is not a member's id: give a positive decimal number up to "
              + Long.MAX_VALUE
              + ", e.g. --member 42");
    }

    private static Duration lifetime(String text) {
      long max = MAX_LIFETIME.toMinutes();
      if (text.matches("\\d{1,4}")) {
        long minutes = Long.parseLong(text);
        if (minutes >= 1 && minutes <= max) {
          return Duration.ofMinutes(minutes);
        }
      }
      throw new IllegalArgumentException(
          "--ttl '"
              + text
              + "' is not a lifetime: give whole minutes from 1 to "
              + max
              + " (tokens live at most "
              + max
              + " minutes, so that ./tandem rotate-keys can retire a key that long after)");
    }
  }
}
