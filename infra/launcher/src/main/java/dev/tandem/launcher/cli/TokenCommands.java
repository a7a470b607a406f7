package dev.tandem.launcher.cli;

import com.nimbusds.jose.jwk.ECKey;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Tokens;
import dev.tandem.platform.security.KeyDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@code token} and {@code rotate-keys}: the cluster's signing keys, which need no instance. */
final class TokenCommands {

  private TokenCommands() {}

  static int token(Invocation invocation, List<String> args) {
    Tokens.Request request;
    try {
      request = Tokens.Request.parse(args);
    } catch (IllegalArgumentException e) {
      return invocation.usage(e.getMessage());
    }
    invocation.out().println(tokens(invocation).mint(request));
    return Main.DONE;
  }

  static int rotateKeys(Invocation invocation, List<String> args) {
    if (!args.isEmpty()) {
      return invocation.usage("rotate-keys takes no arguments");
    }
    ECKey key = tokens(invocation).rotate();
    Instant signsFrom = key.getNotBeforeTime().toInstant();
    invocation
        .out()
        .println(
            "new signing key "
                + key.getKeyID()
                + ": published now, signs from "
                + signsFrom
                + " (in "
                + KeyDirectory.PROPAGATION.toSeconds()
                + " s, once every verifier has re-read the keys; nothing needs a restart)");
    invocation
        .out()
        .println(
            "the key it replaces verifies the tokens it signed until they expire;"
                + " the next rotation can run from "
                + signsFrom.plus(Tokens.MAX_LIFETIME));
    return Main.DONE;
  }

  /** The keys of the cluster as {@code up} recorded it: they need no running instance. */
  private static Tokens tokens(Invocation invocation) {
    Context context = invocation.contexts().recorded().orElseThrow(invocation.contexts()::notUp);
    return new Tokens(context.cluster(), Clock.systemUTC());
  }
}
