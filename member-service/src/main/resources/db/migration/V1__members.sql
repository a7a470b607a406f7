-- Applied to every shard's primary. A member and everything written with it live on the shard its
-- email hashes to (see dev.tandem.member.shard), so each change is one local transaction.

CREATE TABLE members (
  member_id  BIGINT       NOT NULL PRIMARY KEY, -- time-ordered, carries the shard number
  name       VARCHAR(100) NOT NULL,
  email      VARCHAR(200) NOT NULL,             -- normalized: trimmed, lower case
  phone      VARCHAR(32)  NOT NULL,
  points     BIGINT       NOT NULL,
  level      VARCHAR(16)  NOT NULL,             -- derived from points by MemberLevel.forPoints
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB;

-- Email uniqueness: one row per email, on the email's shard (which is also its member's shard).
CREATE TABLE member_emails (
  email     VARCHAR(200) NOT NULL PRIMARY KEY,
  member_id BIGINT       NOT NULL
) ENGINE = InnoDB;

-- Applied writes by idempotency key, with the response a replay gets. `shard` only routes the row.
CREATE TABLE idempotency_records (
  idempotency_key VARCHAR(100) NOT NULL PRIMARY KEY,
  shard           TINYINT      NOT NULL,
  fingerprint     CHAR(64)     NOT NULL,
  response        JSON         NOT NULL,
  created_at      TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB;

-- Transactional outbox: events committed with their change, published to Kafka by the relay.
CREATE TABLE member_outbox (
  event_id   BIGINT       NOT NULL PRIMARY KEY, -- a member id-style id: time-ordered, carries the shard
  topic      VARCHAR(200) NOT NULL,
  event_key  VARCHAR(100) NOT NULL,
  payload    JSON         NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  sent_at    TIMESTAMP(6) NULL,
  INDEX pending (sent_at, event_id)
) ENGINE = InnoDB;
