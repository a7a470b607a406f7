-- Text becomes Unicode (utf8mb4). Schemas made before the server defaulted to utf8mb4 are latin1,
-- which cannot store most of the world's names: a registration with one failed as a server error.
-- Emails and idempotency keys compare byte for byte (utf8mb4_bin): both are stored normalised, and
-- an accent-insensitive collation would make "josé@" and "jose@" one address.
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE members CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE members MODIFY email VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

ALTER TABLE member_emails CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

ALTER TABLE idempotency_records CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

ALTER TABLE member_outbox CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
