package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.cluster.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@link ArchitectureTest} cannot see in bytecode: constants the compiler inlines, and product
 * names written as strings in the generic code.
 */
class SourceBoundariesTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Path MAIN = ROOT.resolve("infra/launcher/src/main/java/dev/tandem/launcher");
  private static final Pattern PRODUCT_REFERENCE =
      Pattern.compile("dev\\.tandem\\.launcher\\.product\\.(\\w+)");

  @Test
  void noProductNamesAnotherProductsPackageEvenForAConstant() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> products = Files.list(MAIN.resolve("product"))) {
      for (Path folder : products.filter(Files::isDirectory).toList()) {
        String own = folder.getFileName().toString();
        for (Path source : sources(folder)) {
          Matcher matcher = PRODUCT_REFERENCE.matcher(Files.readString(source));
          while (matcher.find()) {
            if (!matcher.group(1).equals(own)) {
              violations.add(MAIN.relativize(source) + " names product." + matcher.group(1));
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theClusterPackageComparesNoComponentName() throws IOException {
    List<String> components = topology().components();
    assertThat(components).contains("mysql", "redis", "gateway");
    List<String> violations = new ArrayList<>();
    for (Path source : sources(MAIN.resolve("cluster"))) {
      String text = Files.readString(source);
      for (String component : components) {
        if (text.contains("\"" + component + "\"")) {
          violations.add(MAIN.relativize(source) + " names \"" + component + "\"");
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  private static Topology topology() {
    return Topology.load(ROOT.resolve("infra/topology.yml"), "ha", Optional.empty());
  }

  private static List<Path> sources(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".java")).toList();
    }
  }
}
