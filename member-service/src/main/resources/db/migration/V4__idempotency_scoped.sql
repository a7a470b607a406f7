-- Idempotency keys scoped to their caller, one request per key across shards, kept 24 h
-- (dev.tandem.platform.idempotency.IdempotentWrites has the protocol and its failure cases).
-- Applied to every shard's primary; each table is used on the shards its rows are routed to.

-- A key's binding to one request, on the home shard of its scope (dev.tandem.member.shard.ScopeShards):
-- every use of the key meets on this row, whichever shard its write lands on. Committed on its own.
CREATE TABLE idempotency_keys (
  scope           VARCHAR(300) NOT NULL,  -- "caller:<token subject>" or "email:<normalised email>"
  idempotency_key VARCHAR(100) NOT NULL,
  fingerprint     CHAR(64)     NOT NULL,  -- SHA-256 of the request (dev.tandem.platform.idempotency.Fingerprint)
  created_at      DATETIME(6)  NOT NULL,  -- UTC; purged after tandem.idempotency.retention
  PRIMARY KEY (scope, idempotency_key),
  KEY idempotency_keys_age (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A write's record and the answer every replay gets, on the member's shard, committed with the write.
CREATE TABLE idempotency_answers (
  scope           VARCHAR(300) NOT NULL,
  idempotency_key VARCHAR(100) NOT NULL,
  shard           TINYINT      NOT NULL,  -- only routes the row (ShardingSphere)
  fingerprint     CHAR(64)     NOT NULL,
  answer          JSON         NULL,      -- NULL only inside the writing transaction
  created_at      DATETIME(6)  NOT NULL,
  PRIMARY KEY (scope, idempotency_key),
  KEY idempotency_answers_age (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- idempotency_records (V1) is no longer written. It stays while instances of the previous version
-- may still run during a rolling upgrade (they write to it); a later migration drops it.
