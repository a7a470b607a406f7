package dev.tandem.launcher.product.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.cluster.Proc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {

  @TempDir Path state;

  private Path jar;
  private AotCache cache;
  private final List<List<String>> trainingRuns = new ArrayList<>();

  @BeforeEach
  void aJarAlreadyExtracted() throws IOException {
    jar = Files.writeString(state.resolve("gateway.jar"), "a build");
    cache = new AotCache(state.resolve("apps"), "gateway", "/jdk/bin/java");
    Path extracted = cache.folder(jar).resolve("app").resolve("gateway.jar");
    Files.createDirectories(extracted.getParent());
    Files.writeString(extracted, "extracted");
  }

  private Proc.Result trainsWell(List<String> command) {
    trainingRuns.add(command);
    String output =
        command.stream().filter(a -> a.startsWith("-XX:AOTCacheOutput=")).findFirst().orElseThrow();
    try {
      Files.writeString(Path.of(output.substring(output.indexOf('=') + 1)), "cache");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new Proc.Result(0, "");
  }

  private Proc.Result trainsBadly(List<String> command) {
    trainingRuns.add(command);
    return new Proc.Result(1, "APPLICATION FAILED TO START\nRedis is down");
  }

  @Test
  void aNewJarIsTrainedOnceWithTheServicesOwnOptionsAndRunsFromItsCache() {
    Path folder = cache.folder(jar);

    List<String> first = cache.launch(jar, List.of("-Xmx384m"), this::trainsWell);
    List<String> second = cache.launch(jar, List.of("-Xmx384m"), this::trainsWell);

    assertThat(trainingRuns).hasSize(1);
    assertThat(trainingRuns.getFirst())
        .startsWith("-Xmx384m")
        .contains("-Dspring.context.exit=onRefresh")
        .endsWith("-jar", folder.resolve("app/gateway.jar").toString());
    assertThat(first)
        .isEqualTo(second)
        .containsExactly(
            "-XX:AOTCache=" + folder.resolve("app.aot"),
            "-jar",
            folder.resolve("app/gateway.jar").toString());
  }

  @Test
  void aFailedTrainingRunsThePlainJarAndIsNotRepeatedForTheSameJar() {
    List<String> first = cache.launch(jar, List.of(), this::trainsBadly);
    List<String> second = cache.launch(jar, List.of(), this::trainsBadly);

    assertThat(first).isEqualTo(second).containsExactly("-jar", jar.toString());
    assertThat(trainingRuns).hasSize(1);
    assertThat(cache.folder(jar).resolve("training-failed.log"))
        .content()
        .contains("Redis is down");
  }

  @Test
  void anotherBuildGetsAFolderOfItsOwn() throws IOException {
    Path before = cache.folder(jar);
    Files.writeString(jar, "another build, of another size");
    Path after = cache.folder(jar);

    assertThat(after).isNotEqualTo(before);
    assertThat(after.getParent()).isEqualTo(before.getParent());
  }
}
