package dev.tandem.site.member;

import dev.tandem.member.api.AddPoints;
import dev.tandem.site.web.IdempotencyKey;
import dev.tandem.site.web.StorableText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** {@code POST /api/members/{id}/points}. */
record AddPointsRequest(
    @NotNull @Min(1) @Max(1_000_000) Integer points,
    @NotBlank @StorableText(max = 200) String reason) {

  /**
   * @param caller the token subject of whoever asked: the key is theirs, so an admin's key and a
   *     member's never meet
   */
  AddPoints toCommand(IdempotencyKey key, String caller, long memberId) {
    return new AddPoints(key.value(), caller, memberId, points, reason);
  }
}
