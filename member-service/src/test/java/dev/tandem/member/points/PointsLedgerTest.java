package dev.tandem.member.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

import dev.tandem.member.account.MemberAccounts;
import dev.tandem.member.api.AddPoints;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.shard.MemberIds;
import dev.tandem.member.shard.Shards;
import dev.tandem.platform.idempotency.IdempotencyScope;
import dev.tandem.platform.idempotency.IdempotentRequest;
import dev.tandem.platform.idempotency.IdempotentWrites;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.context.ApplicationEventPublisher;

class PointsLedgerTest {

  final MemberIds ids = new MemberIds(3, Clock.systemUTC());
  final IdempotentWrites writes = mock(IdempotentWrites.class);
  final Shards shards = mock(Shards.class);
  final MemberAccounts accounts = mock(MemberAccounts.class);
  final PointsLedger ledger =
      new PointsLedger(accounts, writes, shards, mock(ApplicationEventPublisher.class));

  @BeforeEach
  void twoShards() {
    given(shards.owns(anyLong()))
        .willAnswer(call -> MemberIds.shardOf(call.<Long>getArgument(0)) < 2);
  }

  IdempotentRequest requestOf(AddPoints command) {
    ledger.addPoints(command);
    ArgumentCaptor<IdempotentRequest> request = ArgumentCaptor.forClass(IdempotentRequest.class);
    then(writes).should().apply(request.capture(), eq(Member.class), any());
    return request.getValue();
  }

  @Test
  void theKeyIsTheCallersAndTheWriteLandsOnTheMembersShard() {
    long member = ids.next(1);

    IdempotentRequest request = requestOf(new AddPoints("k1", "admin", member, 100, "order"));

    assertThat(request.scope()).isEqualTo(IdempotencyScope.ofCaller("admin"));
    assertThat(request.key()).isEqualTo("k1");
    assertThat(request.shard()).isOne();
  }

  @Test
  void aCommandFromAConsumerWithoutTheCallerIsUnscoped() {
    IdempotentRequest request = requestOf(new AddPoints("k1", null, ids.next(0), 100, "order"));

    assertThat(request.scope()).isEqualTo(IdempotencyScope.UNSCOPED);
  }

  @Test
  void memberReasonAndPointsAreTheRequest() {
    long member = ids.next(0);
    var fingerprint = PointsLedger.fingerprintOf(new AddPoints("k1", "admin", member, 100, "a"));

    assertThat(PointsLedger.fingerprintOf(new AddPoints("k2", "other", member, 100, "a")))
        .as("neither key nor caller is part of the request")
        .isEqualTo(fingerprint);
    assertThat(PointsLedger.fingerprintOf(new AddPoints("k1", "admin", ids.next(1), 100, "a")))
        .isNotEqualTo(fingerprint);
    assertThat(PointsLedger.fingerprintOf(new AddPoints("k1", "admin", member, 101, "a")))
        .isNotEqualTo(fingerprint);
    assertThat(PointsLedger.fingerprintOf(new AddPoints("k1", "admin", member, 100, "b")))
        .isNotEqualTo(fingerprint);
  }

  @Test
  void anIdFromNoShardOfOursIsNotFoundBeforeAnyKeyIsBound() {
    long elsewhere = ids.next(7);

    assertThatThrownBy(() -> ledger.addPoints(new AddPoints("k1", "admin", elsewhere, 1, "x")))
        .isInstanceOf(MemberNotFoundException.class);
    then(writes).shouldHaveNoInteractions();
  }
}
