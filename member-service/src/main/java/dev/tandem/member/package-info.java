/**
 * member-service: the Dubbo provider of {@link dev.tandem.member.api.MemberService}.
 *
 * <h2>Where a member lives</h2>
 *
 * Members are spread over the MySQL shards by their email: a member lives on shard {@code
 * crc32(normalized email) % shards} ({@link dev.tandem.member.shard.EmailShards}), and its id,
 * generated here ({@link dev.tandem.member.shard.MemberIds}), carries that shard number in its low
 * bits. Reads by id route on those bits without a lookup; a registration knows its shard from the
 * email before it writes anything.
 *
 * <h2>Why by email</h2>
 *
 * Email uniqueness needs one place that sees every claim to an email: the {@code member_emails}
 * table, sharded by email. Were members sharded independently of their email, a registration would
 * write two shards, and without a distributed transaction a crash between them would leave an email
 * claimed by no member or a member without its claim. Because the member follows its email,
 * everything a registration writes — the idempotency record, the email claim, the member and the
 * {@code MemberRegistered} outbox row — lands on one shard and commits in one local transaction
 * (the key's binding, committed just before, lives on that shard too). The price: the shard count
 * is part of the data (emails would move if it changed), so it is fixed at two, and the id format
 * leaves room for 16.
 *
 * <h2>Tables (on every shard, migrated by Flyway per shard at start-up)</h2>
 *
 * <ul>
 *   <li>{@code members} — sharded by {@code member_id} (its shard bits);
 *   <li>{@code member_emails} — sharded by {@code email} (its hash), primary key = email;
 *   <li>{@code idempotency_keys} — a key's binding to its request, on the home shard of the key's
 *       scope ({@link dev.tandem.member.shard.ScopeShards}), primary key = (scope, key);
 *   <li>{@code idempotency_answers} — a write's record and answer, routed by its {@code shard}
 *       column to the member's shard, primary key = (scope, key);
 *   <li>{@code member_outbox} — sharded by {@code event_id} (an id made on the member's shard).
 * </ul>
 *
 * <h2>Writes</h2>
 *
 * Each write binds its idempotency key to its request in the caller's scope (the token subject, or
 * the email of a registration) on the scope's home shard, then checks the key's record, applies the
 * change, records the answer, and (for registration) adds the event to the outbox, all in one
 * transaction on the member's shard ({@link dev.tandem.platform.idempotency.IdempotentWrites}). The
 * primary keys settle races: two registrations of one email meet on {@code member_emails}, two
 * requests with one key on {@code idempotency_keys} (different requests: one is refused) and {@code
 * idempotency_answers} (the same request: the loser runs again and replays the winner's answer).
 * Keys are purged after 24 hours. The cache entry of a changed member is dropped after commit.
 *
 * <h2>Reads</h2>
 *
 * {@code get(id, fresh=true)} reads the shard's primary; otherwise the Redis cache, then the
 * shard's replica. Redis is optional: when it fails, reads go to MySQL.
 */
package dev.tandem.member;
