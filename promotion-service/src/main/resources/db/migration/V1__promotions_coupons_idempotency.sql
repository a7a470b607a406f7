-- MySQL (MariaDB here) is the only truth for stock, coupons and idempotency; Elasticsearch and
-- any cache are copies. Every rule that must survive retries and failovers is a constraint here.

CREATE TABLE promotion (
  id              BIGINT        NOT NULL AUTO_INCREMENT,
  title           VARCHAR(200)  NOT NULL,
  description     VARCHAR(2000) NOT NULL,
  level_required  VARCHAR(10)   NOT NULL,
  stock           INT           NOT NULL,
  remaining       INT           NOT NULL,
  starts_at       DATETIME(6)   NOT NULL,
  ends_at         DATETIME(6)   NOT NULL,
  -- ACTIVE until the expiry job marks it EXPIRED; reads and claims also compare ends_at with the
  -- clock, so correctness never waits for the job.
  status          VARCHAR(10)   NOT NULL DEFAULT 'ACTIVE',
  -- Outbox for the search index: every change Elasticsearch shows bumps version; the indexing job
  -- copies rows whose indexed_version lags, using version as Elasticsearch's external version.
  version         BIGINT        NOT NULL DEFAULT 1,
  indexed_version BIGINT        NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  CONSTRAINT promotion_remaining_within_stock CHECK (remaining BETWEEN 0 AND stock),
  CONSTRAINT promotion_level CHECK (level_required IN ('BASIC', 'SILVER', 'GOLD')),
  CONSTRAINT promotion_status CHECK (status IN ('ACTIVE', 'EXPIRED')),
  KEY promotion_running (status, ends_at)
);

CREATE TABLE coupon (
  id                BIGINT      NOT NULL AUTO_INCREMENT,
  kind              VARCHAR(10) NOT NULL,
  -- NULL for WELCOME coupons: they belong to no promotion.
  promotion_id      BIGINT      NULL,
  member_id         BIGINT      NOT NULL,
  created_at        DATETIME(6) NOT NULL,
  welcome_member_id BIGINT GENERATED ALWAYS AS (CASE WHEN kind = 'WELCOME' THEN member_id END) STORED,
  PRIMARY KEY (id),
  CONSTRAINT one_coupon_per_member_and_promotion UNIQUE (promotion_id, member_id),
  CONSTRAINT one_welcome_coupon_per_member UNIQUE (welcome_member_id),
  CONSTRAINT coupon_promotion FOREIGN KEY (promotion_id) REFERENCES promotion (id),
  CONSTRAINT coupon_kind CHECK ((kind = 'CLAIMED' AND promotion_id IS NOT NULL)
                                 OR (kind = 'WELCOME' AND promotion_id IS NULL)),
  KEY coupon_of_member (member_id)
);

-- One row per successful write (create, claim), committed with the change it describes.
CREATE TABLE idempotency_record (
  idempotency_key VARCHAR(100) NOT NULL,
  -- SHA-256 of the operation and the request: the same key with another request is refused.
  fingerprint     CHAR(64)     NOT NULL,
  -- JSON of the first result, returned unchanged to every replay. NULL only inside the writing
  -- transaction, which reserves the key before it changes anything.
  response        TEXT         NULL,
  created_at      DATETIME(6)  NOT NULL,
  PRIMARY KEY (idempotency_key)
);
