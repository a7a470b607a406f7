package dev.tandem.promotion.coupon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.platform.idempotency.IdempotencyScope;
import dev.tandem.platform.idempotency.IdempotentRequest;
import dev.tandem.platform.idempotency.IdempotentWrites;
import dev.tandem.promotion.api.AlreadyClaimedException;
import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.LevelTooLowException;
import dev.tandem.promotion.api.OutOfStockException;
import dev.tandem.promotion.api.PromotionNotActiveException;
import dev.tandem.promotion.api.PromotionNotFoundException;
import dev.tandem.promotion.api.UnknownMemberException;
import dev.tandem.promotion.member.MemberClient;
import dev.tandem.promotion.promotion.PromotionRepository;
import dev.tandem.promotion.promotion.StoredPromotion;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.dao.DuplicateKeyException;

class CouponClaimsTest {

  static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");
  static final ClaimCoupon CLAIM = new ClaimCoupon("key-1", "42", 7, 42L);

  final PromotionRepository promotions = mock(PromotionRepository.class);
  final CouponRepository coupons = mock(CouponRepository.class);
  final MemberClient members = mock(MemberClient.class);
  final IdempotentWrites idempotentWrites = mock(IdempotentWrites.class);
  final CouponClaims claims =
      new CouponClaims(
          promotions, coupons, members, idempotentWrites, Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeEach
  void runWritesDirectly() {
    given(members.confirmedLevelOf(42)).willReturn(Optional.of(MemberLevel.SILVER));
    given(idempotentWrites.apply(any(), eq(Coupon.class), any()))
        .willAnswer(call -> call.<Supplier<Coupon>>getArgument(2).get());
  }

  static StoredPromotion running() {
    return new StoredPromotion(
        7, "t", "d", MemberLevel.BASIC, 10, 3, NOW.minusSeconds(60), NOW.plusSeconds(60), 4);
  }

  @Test
  void claimsACouponWhileStockLasts() {
    given(promotions.find(7)).willReturn(Optional.of(running()));
    given(promotions.takeOne(7)).willReturn(true);
    given(coupons.insertClaimed(7, 42, NOW)).willReturn(Coupon.claimed(99, 7, 42));

    assertThat(claims.claim(CLAIM)).isEqualTo(Coupon.claimed(99, 7, 42));
  }

  @Test
  void theKeyIsTheClaimingCallersAndTheClaimIsPromotionAndMember() {
    given(promotions.find(7)).willReturn(Optional.of(running()));
    given(promotions.takeOne(7)).willReturn(true);
    given(coupons.insertClaimed(7, 42, NOW)).willReturn(Coupon.claimed(99, 7, 42));

    claims.claim(CLAIM);

    ArgumentCaptor<IdempotentRequest> request = ArgumentCaptor.forClass(IdempotentRequest.class);
    then(idempotentWrites).should().apply(request.capture(), eq(Coupon.class), any());
    assertThat(request.getValue().scope()).isEqualTo(IdempotencyScope.ofCaller("42"));
    assertThat(request.getValue().key()).isEqualTo("key-1");
    assertThat(request.getValue().fingerprint())
        .isEqualTo(CouponClaims.fingerprintOf(new ClaimCoupon("other-key", "other", 7, 42L)))
        .isNotEqualTo(CouponClaims.fingerprintOf(new ClaimCoupon("key-1", "42", 8, 42L)))
        .isNotEqualTo(CouponClaims.fingerprintOf(new ClaimCoupon("key-1", "42", 7, 43L)));
  }

  @Test
  void rejectsClaimWhenStockIsExhausted() {
    given(promotions.find(7)).willReturn(Optional.of(running()));
    given(promotions.takeOne(7)).willReturn(false);

    assertThatThrownBy(() -> claims.claim(CLAIM)).isInstanceOf(OutOfStockException.class);
    then(coupons).should(never()).insertClaimed(anyLong(), anyLong(), any());
  }

  @Test
  void rejectsSecondClaimOfTheSameMemberBeforeTouchingStock() {
    given(promotions.find(7)).willReturn(Optional.of(running()));
    given(coupons.holds(42, 7)).willReturn(true);

    assertThatThrownBy(() -> claims.claim(CLAIM)).isInstanceOf(AlreadyClaimedException.class);
    then(promotions).should(never()).takeOne(anyLong());
  }

  @Test
  void reportsAConcurrentClaimOfTheSameMemberAsAlreadyClaimed() {
    given(promotions.find(7)).willReturn(Optional.of(running()));
    given(promotions.takeOne(7)).willReturn(true);
    given(coupons.insertClaimed(7, 42, NOW)).willThrow(new DuplicateKeyException("unique"));

    assertThatThrownBy(() -> claims.claim(CLAIM)).isInstanceOf(AlreadyClaimedException.class);
  }

  @Test
  void rejectsClaimOutsideThePromotionsValidity() {
    StoredPromotion ended =
        new StoredPromotion(7, "t", "d", MemberLevel.BASIC, 10, 3, NOW.minusSeconds(120), NOW, 4);
    given(promotions.find(7)).willReturn(Optional.of(ended));

    assertThatThrownBy(() -> claims.claim(CLAIM)).isInstanceOf(PromotionNotActiveException.class);
    then(promotions).should(never()).takeOne(anyLong());
  }

  @Test
  void rejectsClaimForAMemberWhoDoesNotExistBeforeTouchingAnything() {
    given(promotions.find(7)).willReturn(Optional.of(running()));
    given(members.confirmedLevelOf(42)).willReturn(Optional.empty());

    assertThatThrownBy(() -> claims.claim(CLAIM))
        .isInstanceOf(UnknownMemberException.class)
        .hasMessage("no member has id 42");
    then(idempotentWrites).should(never()).apply(any(), any(), any());
    then(promotions).should(never()).takeOne(anyLong());
  }

  @Test
  void rejectsClaimOfAMemberBelowTheRequiredLevel() {
    StoredPromotion goldOnly =
        new StoredPromotion(
            7, "t", "d", MemberLevel.GOLD, 10, 3, NOW.minusSeconds(60), NOW.plusSeconds(60), 4);
    given(promotions.find(7)).willReturn(Optional.of(goldOnly));

    assertThatThrownBy(() -> claims.claim(CLAIM))
        .isInstanceOf(LevelTooLowException.class)
        .hasMessage("promotion 7 requires level GOLD");
    then(promotions).should(never()).takeOne(anyLong());
  }

  @Test
  void rejectsClaimOfAnUnknownPromotion() {
    given(promotions.find(7)).willReturn(Optional.empty());

    assertThatThrownBy(() -> claims.claim(CLAIM)).isInstanceOf(PromotionNotFoundException.class);
  }
}
