package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

  @TempDir Path data;

  @Test
  void makesFiveDifferentPasswordsOnceAndKeepsThemRootOnly() throws Exception {
    Secrets made = Secrets.of(data, false);
    Secrets again = Secrets.of(data, false);

    assertThat(again).isEqualTo(made);
    assertThat(Set.of(made.app(), made.admin(), made.monitor(), made.repl(), made.migrate()))
        .hasSize(5);
    assertThat(made.migrationUser()).isEqualTo(MySql.MIGRATION_USER);
    assertThat(made.migrationPassword()).isEqualTo(made.migrate());
    assertThat(made.app()).hasSize(24).matches("[A-Za-z0-9]+").isNotEqualTo("tandem");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve(Secrets.FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void everyClusterGetsItsOwn(@TempDir Path other) {
    assertThat(Secrets.of(other, false)).isNotEqualTo(Secrets.of(data, false));
  }

  @Test
  void dataMadeWithTheOldFixedPasswordsKeepsThem() {
    assertThat(Secrets.of(data, true)).isEqualTo(Secrets.LEGACY);
    assertThat(Secrets.of(data, false)).isEqualTo(Secrets.LEGACY);
    // that data has no migration user: it migrates as the admin, as it always did
    assertThat(Secrets.LEGACY.migrationUser()).isEqualTo(MySql.ADMIN_USER);
    assertThat(Secrets.LEGACY.migrationPassword()).isEqualTo("tandem-admin");
  }

  @Test
  void aDamagedFileIsNamedWithTheWayOut() throws Exception {
    Files.writeString(data.resolve(Secrets.FILE), "mysql.app=x\n");

    assertThatThrownBy(() -> Secrets.of(data, false))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("has no mysql.admin")
        .hasMessageContaining("--purge");
  }

  @Test
  void neverPrintsThePasswords() {
    Secrets secrets = Secrets.of(data, false);
    assertThat(secrets.toString()).doesNotContain(secrets.app(), secrets.admin());
  }
}
