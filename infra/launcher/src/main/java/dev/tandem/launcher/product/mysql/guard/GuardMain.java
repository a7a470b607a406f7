package dev.tandem.launcher.product.mysql.guard;

import java.nio.file.Path;

/** Runs one guard: {@code java ... GuardMain CONF/guard.properties PROGRAM}. */
public final class GuardMain {

  private GuardMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: GuardMain GUARD_PROPERTIES");
      System.exit(2);
    }
    GuardSettings settings = GuardSettings.load(Path.of(args[0]));
    ServerProcess process =
        new ServerProcess(
            settings.pidFile(),
            settings.recoveryFile(),
            settings.supervisorConfig(),
            settings.server());
    try (Guard guard = new Guard(settings, process, System::nanoTime)) {
      Runtime.getRuntime().addShutdownHook(new Thread(guard::close));
      guard.run();
    }
  }
}
