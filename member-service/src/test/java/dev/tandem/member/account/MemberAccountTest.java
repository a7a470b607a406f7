package dev.tandem.member.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tandem.member.api.MemberLevel;
import org.junit.jupiter.api.Test;

class MemberAccountTest {

  private final MemberAccount ada = MemberAccount.open(1L, "Ada", "ada@example.org", "+44 20 1234");

  @Test
  void newMembersStartBasicWithoutPoints() {
    assertThat(ada.points()).isZero();
    assertThat(ada.level()).isEqualTo(MemberLevel.BASIC);
  }

  @Test
  void pointsRaiseTheLevelAtEachThreshold() {
    assertThat(ada.withPointsAdded(999).level()).isEqualTo(MemberLevel.BASIC);
    assertThat(ada.withPointsAdded(1_000).level()).isEqualTo(MemberLevel.SILVER);
    assertThat(ada.withPointsAdded(4_999).withPointsAdded(1).level()).isEqualTo(MemberLevel.GOLD);
  }

  @Test
  void theMemberSeenByClientsCarriesTheDerivedLevel() {
    assertThat(ada.withPointsAdded(1_500).toMember().level()).isEqualTo(MemberLevel.SILVER);
  }

  @Test
  void rejectsAddingNothingOrTakingPointsAway() {
    assertThatIllegalArgumentException().isThrownBy(() -> ada.withPointsAdded(0));
    assertThatIllegalArgumentException().isThrownBy(() -> ada.withPointsAdded(-5));
  }
}
