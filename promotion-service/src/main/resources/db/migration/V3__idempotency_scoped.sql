-- Idempotency keys scoped to their caller and kept 24 h, by the same rules as member-service's
-- (dev.tandem.platform.idempotency.IdempotentWrites has them, with their failure cases).

-- A key's binding to one request, committed on its own before the write: another request under
-- the key is refused even if the first one's write failed.
CREATE TABLE idempotency_keys (
  scope           VARCHAR(300) NOT NULL,  -- "caller:<token subject>"
  idempotency_key VARCHAR(100) NOT NULL,
  fingerprint     CHAR(64)     NOT NULL,  -- SHA-256 of the request (dev.tandem.platform.idempotency.Fingerprint)
  created_at      DATETIME(6)  NOT NULL,  -- UTC; purged after tandem.idempotency.retention
  PRIMARY KEY (scope, idempotency_key),
  KEY idempotency_keys_age (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A successful write's answer, committed with the change, returned unchanged to every replay.
CREATE TABLE idempotency_answers (
  scope           VARCHAR(300) NOT NULL,
  idempotency_key VARCHAR(100) NOT NULL,
  fingerprint     CHAR(64)     NOT NULL,
  answer          TEXT         NULL,      -- JSON; NULL only inside the writing transaction
  created_at      DATETIME(6)  NOT NULL,
  PRIMARY KEY (scope, idempotency_key),
  KEY idempotency_answers_age (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- idempotency_record (V1) is no longer written. It stays while instances of the previous version
-- may still run during a rolling upgrade (they write to it); a later migration drops it.
