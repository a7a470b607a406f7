package dev.tandem.launcher.cli;

import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.compose.ComposeConfigs;
import dev.tandem.launcher.compose.ComposeControl;
import java.util.List;

/**
 * {@code compose}: docker-compose.yml's configs and endpoints, rendered from the native cluster's
 * templates, and the native verbs on the compose cluster's containers.
 */
final class ComposeCommands {

  private ComposeCommands() {}

  static int compose(Invocation invocation, List<String> args) {
    String verb = args.isEmpty() ? "" : args.getFirst();
    List<String> rest = args.subList(Math.min(1, args.size()), args.size());
    if (List.of("status", "stop", "start", "logs").contains(verb)) {
      return control(invocation, verb, rest);
    }
    if (!List.of("render", "env").contains(verb) || rest.size() > 1) {
      return invocation.usage(
          "compose takes: render|env [lite|ha], status [--json], stop|start|logs NAME");
    }
    String profile = rest.isEmpty() ? "lite" : rest.getFirst();
    if (!List.of("lite", "ha").contains(profile)) {
      return invocation.usage("docker-compose.yml has the profiles lite and ha");
    }
    if (verb.equals("render")) {
      render(invocation, profile);
    } else {
      new ComposeConfigs(invocation.root(), profile).env().forEach(invocation.out()::println);
    }
    return Main.DONE;
  }

  private static void render(Invocation invocation, String profile) {
    // Every profile, whichever is asked for: docker-compose reads the env file of every service
    // in the file, those of profiles it does not run too, and refuses to start without them.
    for (String each : List.of("lite", "ha")) {
      ComposeConfigs configs = new ComposeConfigs(invocation.root(), each);
      int count = configs.render();
      System.err.println(
          "rendered the configs of "
              + count
              + " instances of "
              + each
              + " into "
              + configs.state());
    }
    System.err.println(
        "docker-compose runs one with TANDEM_PROFILE="
            + profile
            + " COMPOSE_PROFILES="
            + profile
            + " (lite unless set)");
  }

  /** The native verbs the e2e journeys use, on the compose cluster's containers. */
  private static int control(Invocation invocation, String verb, List<String> args) {
    // the profile the compose cluster runs, as docker-compose.yml reads it
    String profile = System.getenv().getOrDefault("TANDEM_PROFILE", "lite");
    if (!List.of("lite", "ha").contains(profile)) {
      return invocation.usage(
          "TANDEM_PROFILE is " + profile + "; docker-compose.yml has lite and ha");
    }
    ComposeConfigs configs = new ComposeConfigs(invocation.root(), profile);
    ComposeControl control = new ComposeControl(configs, invocation.out());
    if (verb.equals("status")) {
      if (args.stream().anyMatch(a -> !a.equals("--json"))) {
        return invocation.usage("compose status takes only --json");
      }
      control.status(args.contains("--json"));
      return Main.DONE;
    }
    if (args.size() != 1) {
      return invocation.usage("compose " + verb + " takes one container name");
    }
    Instance instance =
        configs.instances().stream()
            .filter(i -> i.name().equals(args.getFirst()))
            .findFirst()
            .orElseThrow(
                () ->
                    new LauncherException(
                        "no container '" + args.getFirst() + "' in docker-compose.yml's lite"));
    switch (verb) {
      case "stop" -> control.stop(instance);
      case "start" -> control.start(instance);
      default -> invocation.out().println(control.logs(instance));
    }
    return Main.DONE;
  }
}
