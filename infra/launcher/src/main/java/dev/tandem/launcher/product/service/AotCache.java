package dev.tandem.launcher.product.service;

import dev.tandem.launcher.cluster.Proc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A service jar in Spring Boot's extracted form with the JVM's AOT cache (JEP 483/514) made for it:
 * classes loaded and linked, and method profiles, ready at the next start. The JVM can only archive
 * classes from plain jars on the class path, so the Boot jar is extracted first ({@code -Djarmode=
 * tools extract}).
 *
 * <p>The training run needs the live cluster: building the context connects to MySQL
 * (ShardingSphere reads its metadata), Redis (Redisson) and ZooKeeper, so it cannot happen at build
 * time without middleware. It runs on the instance's own host with the instance's settings and
 * {@code -Dspring.context.exit=onRefresh}: every singleton is made, then the JVM exits before any
 * lifecycle starts — no web server, no Dubbo export or registration, no Kafka consumer, no
 * scheduled job.
 *
 * <p>Each jar and JDK gets its own folder (named by a digest of both), so a new build or JDK trains
 * anew and a running instance's files are never rewritten; the JVM also checks the cache itself and
 * only warns and starts without it when they do not match. A training run that fails leaves a note
 * and the service starts from its plain jar until the jar or the JDK changes.
 */
final class AotCache {

  private static final String CACHE = "app.aot";
  private static final String FAILED = "training-failed.log";

  /**
   * How many trained folders of a service are kept: the newest, and the one an instance not yet
   * rolled may still run from.
   */
  private static final int KEEP = 2;

  private final Path folders;
  private final String component;
  private final String java;

  AotCache(Path folders, String component, String java) {
    this.folders = folders;
    this.component = component;
    this.java = java;
  }

  /**
   * The java arguments that run {@code jar}: from the extracted jar with its cache when one is
   * trained (training it first if needed, by {@code train}), else the plain jar.
   *
   * @param train runs the training command on the instance's host; answers its exit and output
   */
  synchronized List<String> launch(
      Path jar, List<String> jvmOptions, Function<List<String>, Proc.Result> train) {
    Path folder = folder(jar);
    Path extracted = folder.resolve("app").resolve(component + ".jar");
    Path cache = folder.resolve(CACHE);
    if (Files.exists(cache)) {
      return List.of("-XX:AOTCache=" + cache, "-jar", extracted.toString());
    }
    if (Files.exists(folder.resolve(FAILED))) {
      return plain(jar);
    }
    String failure = trainInto(folder, jar, extracted, cache, jvmOptions, train).orElse(null);
    if (failure != null) {
      try {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(FAILED), failure);
      } catch (IOException e) {
        // the note only spares the next start a training run; without it the next one tries again
      }
      System.err.println(
          "tandem: no AOT cache for "
              + component
              + " (it starts from the plain jar, as fast as before): "
              + failure.lines().findFirst().orElse("")
              + "; see "
              + folder.resolve(FAILED));
      return plain(jar);
    }
    prune(folder);
    return List.of("-XX:AOTCache=" + cache, "-jar", extracted.toString());
  }

  private static List<String> plain(Path jar) {
    return List.of("-jar", jar.toString());
  }

  /** Extracts and trains; answers what went wrong, if anything. */
  private Optional<String> trainInto(
      Path folder,
      Path jar,
      Path extracted,
      Path cache,
      List<String> jvmOptions,
      Function<List<String>, Proc.Result> train) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      return Optional.of("cannot create " + folder + ": " + e.getMessage());
    }
    if (!Files.exists(extracted)) {
      Path partial = folder.resolve("app.partial");
      Proc.Result extract =
          Proc.run(
              List.of(
                  java,
                  "-Djarmode=tools",
                  "-jar",
                  jar.toString(),
                  "extract",
                  "--force",
                  "--destination",
                  partial.toString()),
              Duration.ofSeconds(120));
      if (!extract.ok()) {
        return Optional.of("extracting " + jar + " failed: " + extract.output().strip());
      }
      try {
        Files.move(partial, folder.resolve("app"));
      } catch (IOException e) {
        return Optional.of("cannot move the extracted jar into place: " + e.getMessage());
      }
    }
    List<String> command = new ArrayList<>(jvmOptions);
    command.add("-XX:AOTCacheOutput=" + cache);
    command.add("-Dspring.context.exit=onRefresh");
    command.add("-jar");
    command.add(extracted.toString());
    Proc.Result result = train.apply(command);
    if (!result.ok() || !Files.exists(cache)) {
      return Optional.of(
          "the training run exited "
              + result.exit()
              + (Files.exists(cache) ? "" : " without writing " + cache)
              + "\n"
              + tail(result.output()));
    }
    return Optional.empty();
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Removes all but the newest trained folders (the current one is the newest). */
  private void prune(Path current) {
    try (Stream<Path> children = Files.list(folders)) {
      List<Path> older =
          children
              .filter(p -> Files.isDirectory(p) && !p.equals(current))
              .sorted(Comparator.comparing(AotCache::modified).reversed())
              .skip(KEEP - 1)
              .toList();
      for (Path folder : older) {
        delete(folder);
      }
    } catch (IOException e) {
      // old folders only take disk space
    }
  }

  private static long modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void delete(Path folder) throws IOException {
    try (Stream<Path> tree = Files.walk(folder)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** The folder of this jar and JDK. */
  Path folder(Path jar) {
    return folders.resolve(key(jar));
  }

  /** Names the jar (by size and time, as the launcher's copy keeps them) and the JDK. */
  private String key(Path jar) {
    try {
      String identity =
          Files.size(jar)
              + " "
              + Files.getLastModifiedTime(jar).toMillis()
              + " "
              + java
              + " "
              + Runtime.version();
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(identity.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
