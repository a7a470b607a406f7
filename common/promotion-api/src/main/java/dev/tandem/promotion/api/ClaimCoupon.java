package dev.tandem.promotion.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.io.Serializable;

/**
 * Claim a coupon of a promotion for a member. A replay of the key by the same {@code caller}
 * returns the first result; the same key for another claim is refused ({@link
 * IdempotencyKeyReusedException}).
 *
 * @param caller the subject of the token the request came with: keys are the caller's own. {@code
 *     null} from consumers older than this component; their keys share one scope.
 */
public record ClaimCoupon(
    @NotBlank @Size(max = 100) String idempotencyKey,
    @Size(max = 255) String caller,
    @Positive long promotionId,
    @NotNull @Positive Long memberId)
    implements Serializable {}
