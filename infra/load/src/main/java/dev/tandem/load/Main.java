package dev.tandem.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./tandem load}: checks the command line, then runs the {@link Journeys} simulation with
 * Gatling, which writes its HTML report under {@code target/load/}. Exits 0 when the run met its
 * budgets, 1 when it did not, 2 on bad input.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws IOException {
    LoadSettings settings;
    try {
      settings = LoadSettings.parse(args, System.getenv());
    } catch (LoadSettings.HelpWanted help) {
      System.out.println(help.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("tandem: " + e.getMessage());
      System.exit(2);
      return;
    }
    settings.exportTo(System.getProperties());
    Path results =
        Path.of(System.getProperty("tandem.root", "."))
            .toAbsolutePath()
            .normalize()
            .resolve("target/load");
    Files.createDirectories(results);
    System.out.println("== load: " + settings.describe());
    int status =
        io.gatling.app.Gatling$.MODULE$.fromArgs(
            new String[] {
              "--simulation", Journeys.class.getName(),
              "--results-folder", results.toString(),
              "--run-description", settings.describe()
            });
    newestReport(results)
        .ifPresent(report -> System.out.println("== load: report " + report.toAbsolutePath()));
    System.exit(status == 0 ? 0 : 1);
  }

  private static Optional<Path> newestReport(Path results) throws IOException {
    try (Stream<Path> runs = Files.list(results)) {
      return runs.map(run -> run.resolve("index.html"))
          .filter(Files::exists)
          .max(Comparator.comparing(Main::modified));
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
