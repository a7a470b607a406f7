package dev.tandem.member.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

import dev.tandem.member.account.MemberAccounts;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.RegisterMember;
import dev.tandem.member.outbox.Outbox;
import dev.tandem.member.shard.EmailShards;
import dev.tandem.member.shard.MemberIds;
import dev.tandem.member.shard.Shards;
import dev.tandem.platform.idempotency.IdempotencyScope;
import dev.tandem.platform.idempotency.IdempotentRequest;
import dev.tandem.platform.idempotency.IdempotentWrites;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.BDDMockito;

class RegistrationsTest {

  static RegisterMember registration(String name, String email, String phone, String password) {
    return new RegisterMember("key-1", name, email, phone, password);
  }

  static final RegisterMember ADA =
      registration("Ada", "ada@example.org", "+44 20 7946 0000", "analytical engine 1843");

  @Test
  void thePasswordTakesNoPartInTheFingerprint() {
    RegisterMember otherPassword =
        registration("Ada", "ada@example.org", "+44 20 7946 0000", "difference engine 1822");

    assertThat(Registrations.fingerprintOf(otherPassword))
        .isEqualTo(Registrations.fingerprintOf(ADA));
  }

  @Test
  void nameEmailAndPhoneEachChangeTheFingerprint() {
    var original = Registrations.fingerprintOf(ADA);

    assertThat(
            Registrations.fingerprintOf(
                registration("Ada L", "ada@example.org", "+44 20 7946 0000", "x")))
        .isNotEqualTo(original);
    assertThat(
            Registrations.fingerprintOf(
                registration("Ada", "ada2@example.org", "+44 20 7946 0000", "x")))
        .isNotEqualTo(original);
    assertThat(
            Registrations.fingerprintOf(
                registration("Ada", "ada@example.org", "+44 20 7946 0001", "x")))
        .isNotEqualTo(original);
  }

  @Test
  void anEmailIsTheSameRequestInAnyCaseAndWithBlanksAround() {
    assertThat(
            Registrations.fingerprintOf(
                registration("Ada", " ADA@Example.org ", "+44 20 7946 0000", "x")))
        .isEqualTo(Registrations.fingerprintOf(ADA));
  }

  @Test
  void anAnonymousRegistrationIsScopedByItsNormalisedEmailOnTheEmailsShard() {
    IdempotentWrites writes = mock(IdempotentWrites.class);
    Shards shards = mock(Shards.class);
    BDDMockito.given(shards.count()).willReturn(2);
    Registrations registrations =
        new Registrations(
            writes,
            mock(EmailClaims.class),
            mock(MemberAccounts.class),
            mock(Outbox.class),
            new MemberIds(1, Clock.systemUTC()),
            shards,
            Clock.systemUTC());

    registrations.register(
        registration("Ada", "Ada@Example.org", "+44 20 7946 0000", "analytical engine 1843"),
        "$2a$10$hash");

    ArgumentCaptor<IdempotentRequest> request = ArgumentCaptor.forClass(IdempotentRequest.class);
    then(writes).should().apply(request.capture(), eq(Member.class), any());
    assertThat(request.getValue().scope()).isEqualTo(IdempotencyScope.ofEmail("ada@example.org"));
    assertThat(request.getValue().key()).isEqualTo("key-1");
    assertThat(request.getValue().shard()).isEqualTo(EmailShards.shardOf("ada@example.org", 2));
    assertThat(request.getValue().fingerprint()).isEqualTo(Registrations.fingerprintOf(ADA));
  }
}
