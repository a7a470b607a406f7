package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimPairsTest {

  @Test
  void everyPairIsDistinctUntilAllAreUsed() {
    ClaimPairs pairs = new ClaimPairs(30, 7);
    Set<ClaimPairs.Pair> seen = new HashSet<>();
    for (long n = 0; n < pairs.distinct(); n++) {
      seen.add(pairs.pair(n));
    }

    assertThat(seen).hasSize(210);
    assertThatThrownBy(() -> pairs.pair(210)).hasMessageContaining("seed more members");
  }

  @Test
  void consecutiveClaimsSpreadOverMembersAndPromotions() {
    ClaimPairs pairs = new ClaimPairs(300, 61);
    Map<Integer, Integer> perPromotion = new HashMap<>();
    Map<Integer, Integer> perMember = new HashMap<>();
    for (long n = 0; n < 600; n++) {
      perPromotion.merge(pairs.pair(n).promotion(), 1, Integer::sum);
      perMember.merge(pairs.pair(n).member(), 1, Integer::sum);
    }

    assertThat(perPromotion.values()).allMatch(count -> count <= 10);
    assertThat(perMember.values()).allMatch(count -> count == 2);
  }

  @Test
  void promotionCountIsMadeCoprimeToTheMembers() {
    assertThat(ClaimPairs.coprimeFrom(61, 300)).isEqualTo(61);
    assertThat(ClaimPairs.coprimeFrom(60, 300)).isEqualTo(61);
    assertThat(ClaimPairs.coprimeFrom(61, 122)).isEqualTo(63);
    assertThatThrownBy(() -> new ClaimPairs(300, 60)).isInstanceOf(IllegalArgumentException.class);
  }
}
