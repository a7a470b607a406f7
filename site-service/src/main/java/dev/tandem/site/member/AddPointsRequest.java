package dev.tandem.site.member;

import dev.tandem.member.api.AddPoints;
import dev.tandem.site.web.IdempotencyKey;

/**
 * {@code POST /api/members/{id}/points}: the body's shape. Its rules are {@link AddPoints}'s,
 * checked on the command before it is sent.
 */
record AddPointsRequest(Integer points, String reason) {

  /**
   * @param caller the token subject of whoever asked: the key is theirs, so an admin's key and a
   *     member's never meet
   */
  AddPoints toCommand(IdempotencyKey key, String caller, long memberId) {
    return new AddPoints(key.value(), caller, memberId, points, reason);
  }
}
