package dev.tandem.launcher.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.launcher.cluster.LauncherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SecretsTest {

  @TempDir Path data;

  @Test
  void makesFiveDifferentPasswordsOnceAndKeepsThemRootOnly() throws Exception {
    Secrets made = Secrets.of(data, () -> false);
    Secrets again = Secrets.of(data, () -> false);

    assertThat(again).isEqualTo(made);
    assertThat(
            Set.of(
                made.app(),
                made.admin(),
                made.monitor(),
                made.repl(),
                made.migrate(),
                made.redis(),
                made.sentinel()))
        .hasSize(7);
    assertThat(made.hasMigrationUser()).isTrue();
    assertThat(made.migrationPassword()).isEqualTo(made.migrate());
    assertThat(made.app()).hasSize(24).matches("[A-Za-z0-9]+").isNotEqualTo("tandem");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve(Secrets.FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void everyClusterGetsItsOwn(@TempDir Path other) {
    assertThat(Secrets.of(other, () -> false)).isNotEqualTo(Secrets.of(data, () -> false));
  }

  @Test
  void dataMadeWithTheOldFixedPasswordsKeepsThem() {
    Secrets legacy = Secrets.of(data, () -> true);

    assertThat(List.of(legacy.app(), legacy.admin(), legacy.monitor(), legacy.repl()))
        .isEqualTo(Secrets.LEGACY_MYSQL);
    assertThat(Secrets.of(data, () -> false)).isEqualTo(legacy);
    // that data has no migration user: it migrates as the admin, as it always did
    assertThat(legacy.hasMigrationUser()).isFalse();
    assertThat(legacy.migrationPassword()).isEqualTo("tandem-admin");
    // Redis keeps no users in its data: even an old cluster gets generated passwords
    assertThat(legacy.redis()).hasSize(24).isNotEqualTo(legacy.sentinel());
  }

  @Test
  void aFileFromBeforeRedisPasswordsGetsThemOnce() throws Exception {
    Files.writeString(
        data.resolve(Secrets.FILE),
        "mysql.app=a\nmysql.admin=b\nmysql.monitor=c\nmysql.repl=d\nmysql.migrate=e\n");

    Secrets first = Secrets.of(data, () -> false);
    Secrets second = Secrets.of(data, () -> false);

    assertThat(first.app()).isEqualTo("a");
    assertThat(first.redis()).hasSize(24);
    assertThat(second).isEqualTo(first);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve(Secrets.FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void aDamagedFileIsNamedWithTheWayOut() throws Exception {
    Files.writeString(data.resolve(Secrets.FILE), "mysql.app=x\n");

    assertThatThrownBy(() -> Secrets.of(data, () -> false))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("has no mysql.admin")
        .hasMessageContaining("--purge");
  }

  @Test
  void aLostFileBesideDataMadeWithItStopsWithTheWayOut() throws Exception {
    Secrets.of(data, () -> false);
    Files.delete(data.resolve(Secrets.FILE));

    assertThatThrownBy(() -> Secrets.of(data, () -> true))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining(Secrets.FILE + " is missing")
        .hasMessageContaining("--purge");
    // not mistaken for old data: no fixed passwords written in its place
    assertThat(data.resolve(Secrets.FILE)).doesNotExist();
  }

  @Test
  void generatedPasswordsAreMarkedAndOldOnesAreNot(@TempDir Path old) throws Exception {
    Files.writeString(
        data.resolve(Secrets.FILE),
        "mysql.app=a\nmysql.admin=b\nmysql.monitor=c\nmysql.repl=d\nmysql.migrate=e\n");

    Secrets.of(data, () -> true);
    Secrets.of(old, () -> true);

    // a file from before the mark gets it; data with the fixed passwords never does
    assertThat(data.resolve(Secrets.MARK)).exists();
    assertThat(old.resolve(Secrets.MARK)).doesNotExist();
  }

  @Test
  void neverPrintsThePasswords() {
    Secrets secrets = Secrets.of(data, () -> false);
    assertThat(secrets.toString()).doesNotContain(secrets.app(), secrets.admin());
  }
}
