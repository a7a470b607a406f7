package dev.tandem.launcher.secrets;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.LauncherException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * The cluster's passwords, for MariaDB, Redis and the Sentinels: made the first time the cluster's
 * data is, then kept beside it in {@code data/PROFILE/secrets.properties}, readable by root only,
 * for as long as the data lives ({@code down --purge} removes both). Never in the repository, and
 * different in every cluster.
 *
 * <p>Data made before MariaDB's passwords were generated was bootstrapped with the old fixed ones
 * and has no migration user; such a cluster keeps them (recorded in the same file), and migrates as
 * the admin, until its data is purged. Redis keeps no users in its data: a file without Redis
 * passwords gets them added.
 *
 * <p>Generated MariaDB passwords leave a mark beside the file ({@value #MARK}), so that data made
 * with them is never mistaken for such old data: should the file go missing while the data stays,
 * the launcher stops and names the way out, instead of starting MariaDB with passwords it was never
 * given and leaving every service refused at the door.
 *
 * @param migrate the migration user's, or null in such old data
 * @param redis what the Redis servers ask of clients and of each other ({@code requirepass}, {@code
 *     masterauth}); the Sentinels use it to reach them
 * @param sentinel what the Sentinels ask of clients and of each other
 */
public record Secrets(
    String app,
    String admin,
    String monitor,
    String repl,
    String migrate,
    String redis,
    String sentinel) {

  static final String FILE = "secrets.properties";

  /** Present when MariaDB's data here was bootstrapped with the file's generated passwords. */
  static final String MARK = "secrets.generated";

  /** MariaDB's fixed passwords in clusters made before this class. */
  static final List<String> LEGACY_MYSQL =
      List.of("tandem", "tandem-admin", "tandem-monitor", "tandem-repl");

  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int LENGTH = 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** This cluster's passwords: read, or made and written on first use. */
  public static Secrets of(Cluster cluster) {
    return of(cluster.data(), () -> hasMySqlData(cluster));
  }

  /**
   * @param hasMySqlData whether MariaDB's data exists already; asked only when the file does not
   */
  public static synchronized Secrets of(Path data, BooleanSupplier hasMySqlData) {
    Path file = data.resolve(FILE);
    try {
      if (Files.exists(file)) {
        Properties stored = load(file);
        Secrets secrets = read(stored, file);
        if (stored.getProperty("redis") == null || stored.getProperty("sentinel") == null) {
          write(data, file, secrets);
        }
        if (secrets.migrate != null) {
          mark(data); // for files written before the mark existed
        }
        return secrets;
      }
      boolean dataPredatesSecrets = hasMySqlData.getAsBoolean();
      if (dataPredatesSecrets && Files.exists(data.resolve(MARK))) {
        throw new LauncherException(
            file
                + " is missing, but MariaDB's data in "
                + data
                + " was set up with the passwords it held. Put the file back (from a backup), or"
                + " start afresh with ./tandem down --purge, which deletes this cluster's data");
      }
      Secrets secrets =
          dataPredatesSecrets
              ? new Secrets(
                  LEGACY_MYSQL.get(0),
                  LEGACY_MYSQL.get(1),
                  LEGACY_MYSQL.get(2),
                  LEGACY_MYSQL.get(3),
                  null,
                  password(),
                  password())
              : new Secrets(
                  password(),
                  password(),
                  password(),
                  password(),
                  password(),
                  password(),
                  password());
      write(data, file, secrets);
      if (secrets.migrate != null) {
        mark(data);
      }
      return secrets;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  private static void mark(Path data) throws IOException {
    Path mark = data.resolve(MARK);
    if (!Files.exists(mark)) {
      Files.writeString(
          mark, "MariaDB's data here was set up with the generated passwords in " + FILE + ".\n");
    }
  }

  private static boolean hasMySqlData(Cluster cluster) {
    return cluster.topology().of("mysql").stream()
        .map(cluster::data)
        .anyMatch(dir -> Files.isDirectory(dir.resolve("mysql")));
  }

  private static String password() {
    StringBuilder password = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    }
    return properties;
  }

  private static Secrets read(Properties properties, Path file) {
    return new Secrets(
        required(properties, file, "mysql.app"),
        required(properties, file, "mysql.admin"),
        required(properties, file, "mysql.monitor"),
        required(properties, file, "mysql.repl"),
        properties.getProperty("mysql.migrate"),
        Optional.ofNullable(properties.getProperty("redis")).orElseGet(Secrets::password),
        Optional.ofNullable(properties.getProperty("sentinel")).orElseGet(Secrets::password));
  }

  /** Whether the migrations have a user of their own (data made before they did has not). */
  public boolean hasMigrationUser() {
    return migrate != null;
  }

  public String migrationPassword() {
    return migrate == null ? admin : migrate;
  }

  private static String required(Properties properties, Path file, String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new LauncherException(
          file + " has no " + key + "; restore the file, or ./tandem down --purge to start afresh");
    }
    return value;
  }

  /** Written whole beside the old file, then moved over it: a reader never sees half a file. */
  private static void write(Path data, Path file, Secrets secrets) throws IOException {
    // The file alone is root-only: the data directory must stay open to the servers' own users
    // (MariaDB runs as mysql and enters it).
    Files.createDirectories(data);
    Properties properties = new Properties();
    properties.setProperty("mysql.app", secrets.app);
    properties.setProperty("mysql.admin", secrets.admin);
    properties.setProperty("mysql.monitor", secrets.monitor);
    properties.setProperty("mysql.repl", secrets.repl);
    if (secrets.migrate != null) {
      properties.setProperty("mysql.migrate", secrets.migrate);
    }
    properties.setProperty("redis", secrets.redis);
    properties.setProperty("sentinel", secrets.sentinel);
    Path partial = data.resolve(FILE + ".partial");
    Files.deleteIfExists(partial);
    Files.createFile(
        partial,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(partial)) {
      properties.store(out, "this cluster's passwords; made by ./tandem up, root only");
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Never the passwords themselves, should a record end up in a log line. */
  @Override
  public String toString() {
    return "Secrets[…]";
  }
}
