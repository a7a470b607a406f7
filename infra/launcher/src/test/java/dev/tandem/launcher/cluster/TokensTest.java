package dev.tandem.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tandem.launcher.cli.Main;
import dev.tandem.platform.security.KeyDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./tandem token} and {@code rotate-keys}: their arguments, and a cluster's key directory.
 */
public class TokensTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir Path state;

  private Cluster cluster() {
    Topology topology = Topology.load(ROOT.resolve("infra/topology.yml"), "lite", Optional.empty());
    return new Cluster(ROOT, "tokens", topology, state);
  }

  private Tokens tokens(Instant now) {
    return new Tokens(cluster(), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void anOperatorsTokenLivesFifteenMinutesUnlessToldOtherwise() {
    assertThat(Tokens.Request.parse(List.of("--admin")))
        .isEqualTo(new Tokens.Request(OptionalLong.empty(), Duration.ofMinutes(15)));
    assertThat(Tokens.Request.parse(List.of("--ttl", "60", "--admin")).lifetime())
        .isEqualTo(Duration.ofMinutes(60));
  }

  @Test
  void aMembersTokenNamesTheMember() {
    assertThat(Tokens.Request.parse(List.of("--member", "9223372036854775807", "--ttl", "1")))
        .isEqualTo(new Tokens.Request(OptionalLong.of(Long.MAX_VALUE), Duration.ofMinutes(1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "61", "1440", "-5", "15m", "", "99999"})
  void refusesALifetimeOutsideOneToSixtyMinutesAndSaysWhy(String ttl) {
    assertThatThrownBy(() -> Tokens.Request.parse(List.of("--admin", "--ttl", ttl)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ttl '" + ttl + "'")
        .hasMessageContaining("whole minutes from 1 to 60")
        .hasMessageContaining("rotate-keys");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "+7", "abc", "4.2", "9223372036854775808", "0x1F", " 7"})
  void refusesAMemberIdThatIsNotAPositiveSixtyFourBitNumber(String id) {
    assertThatThrownBy(() -> Tokens.Request.parse(List.of("--member", id)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("member id '" + id + "'")
        .hasMessageContaining("positive decimal number up to 9223372036854775807");
  }

  @Test
  void namesTheMissingOptionOrValueAndTheWayToWriteIt() {
    assertThatThrownBy(() -> Tokens.Request.parse(List.of()))
        .hasMessage(
            "token needs --admin or --member ID;"
                + " use ./tandem token --admin|--member ID [--ttl MINUTES]");
    assertThatThrownBy(() -> Tokens.Request.parse(List.of("--ttl", "5")))
        .hasMessageStartingWith("token needs --admin or --member ID");
    assertThatThrownBy(() -> Tokens.Request.parse(List.of("--admin", "--member", "7")))
        .hasMessageStartingWith("token takes --admin or --member ID, not both");
    assertThatThrownBy(() -> Tokens.Request.parse(List.of("--member")))
        .hasMessageStartingWith("--member needs a member's id");
    assertThatThrownBy(() -> Tokens.Request.parse(List.of("--member", "--admin")))
        .hasMessageStartingWith("--member needs a member's id");
    assertThatThrownBy(() -> Tokens.Request.parse(List.of("--admin", "--ttl")))
        .hasMessageStartingWith("--ttl needs a number of minutes");
    assertThatThrownBy(() -> Tokens.Request.parse(List.of("--admin", "--admin")))
        .hasMessageStartingWith("--admin is given twice");
    assertThatThrownBy(() -> Tokens.Request.parse(List.of("--admin", "--user", "x")))
        .hasMessageStartingWith("token does not take '--user'");
  }

  @Test
  void badUseIsAUsageErrorBeforeAnyClusterIsLookedFor() {
    Main main = new Main(state, "tokens", new PrintStream(new ByteArrayOutputStream(), true));

    assertThat(main.run(List.of("token"))).isEqualTo(2);
    assertThat(main.run(List.of("token", "--member", "abc"))).isEqualTo(2);
    assertThat(main.run(List.of("token", "--admin", "--ttl", "0"))).isEqualTo(2);
    assertThat(main.run(List.of("rotate-keys", "now"))).isEqualTo(2);
  }

  @Test
  void aClusterThatWasNeverUpHasNoKeysToSignWith() {
    Main main = new Main(state, "tokens", new PrintStream(new ByteArrayOutputStream(), true));

    assertThatThrownBy(() -> main.run(List.of("token", "--admin")))
        .isInstanceOf(Main.NotUp.class)
        .hasMessage("cluster 'tokens' is not up; start it with ./tandem up [lite|ha]");
    assertThatThrownBy(() -> main.run(List.of("rotate-keys"))).isInstanceOf(Main.NotUp.class);
  }

  @Test
  void anEmptyKeyDirectoryIsACliErrorThatSaysToStartTheCluster() {
    Tokens tokens = tokens(NOW);
    String expected =
        "no signing key in "
            + state.resolve("data/lite/jwt")
            + ": start the cluster with ./tandem up";

    assertThatThrownBy(() -> tokens.mint(Tokens.Request.parse(List.of("--admin"))))
        .isInstanceOf(LauncherException.class)
        .hasMessage(expected);
    assertThatThrownBy(tokens::rotate).isInstanceOf(LauncherException.class).hasMessage(expected);
  }

  @Test
  void upMakesTheKeyOnceInTheProfilesDataReadableByRootOnly() throws Exception {
    Path dir = Tokens.keyDirectory(cluster());

    assertThat(tokens(NOW).ensure()).isTrue();
    assertThat(tokens(NOW.plusSeconds(60)).ensure()).isFalse();

    assertThat(dir).isEqualTo(state.resolve("data/lite/jwt"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(KeyDirectory.at(dir).keys()).hasSize(1);
  }

  @Test
  void mintsTheClustersTokensForItsApi() throws Exception {
    tokens(NOW).ensure();

    String member = tokens(NOW).mint(Tokens.Request.parse(List.of("--member", "42")));
    String admin = tokens(NOW).mint(Tokens.Request.parse(List.of("--admin", "--ttl", "60")));

    JWTClaimsSet memberClaims = SignedJWT.parse(member).getJWTClaimsSet();
    assertThat(memberClaims.getSubject()).isEqualTo("42");
    assertThat(memberClaims.getIssuer()).isEqualTo("urn:tandem:tokens");
    assertThat(memberClaims.getAudience()).containsExactly("tandem-api");
    assertThat(memberClaims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(15 * 60));
    JWTClaimsSet adminClaims = SignedJWT.parse(admin).getJWTClaimsSet();
    assertThat(adminClaims.getStringClaim("scope")).isEqualTo("admin");
    assertThat(adminClaims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(60 * 60));
  }

  @Test
  void aRotationWaitsOutTheLongestTokenTheOldKeyCanHaveSigned() {
    tokens(NOW).ensure();
    ECKey next = tokens(NOW).rotate();
    Instant signsFrom = NOW.plus(KeyDirectory.PROPAGATION);

    assertThat(next.getNotBeforeTime().toInstant()).isEqualTo(signsFrom);
    assertThatThrownBy(() -> tokens(signsFrom.plus(Tokens.MAX_LIFETIME).minusSeconds(1)).rotate())
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("ends at " + signsFrom.plus(Tokens.MAX_LIFETIME));
    assertThat(tokens(signsFrom.plus(Tokens.MAX_LIFETIME)).rotate().getKeyID())
        .isNotEqualTo(next.getKeyID());
  }

  @Test
  void theHelpStatesTheSameLimitsTheCommandEnforces() {
    assertThat(Main.USAGE)
        .contains("token --admin|--member ID [--ttl MINUTES]")
        .contains(
            "(default "
                + Tokens.DEFAULT_LIFETIME.toMinutes()
                + ", at most "
                + Tokens.MAX_LIFETIME.toMinutes()
                + ")")
        .contains("rotate-keys")
        .contains("signing " + KeyDirectory.PROPAGATION.toSeconds() + " s later")
        .contains(Tokens.MAX_LIFETIME.toMinutes() + " minutes after");
  }
}
