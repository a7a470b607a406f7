package dev.tandem.promotion.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.io.Serializable;

/** Claim a coupon of a promotion for a member. A replay of the key returns the first result. */
public record ClaimCoupon(
    @NotBlank @Size(max = 100) String idempotencyKey,
    @Positive long promotionId,
    @Positive long memberId)
    implements Serializable {}
