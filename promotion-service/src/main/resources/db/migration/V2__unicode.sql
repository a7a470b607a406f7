-- Text becomes Unicode (utf8mb4). Schemas made before the server defaulted to utf8mb4 are latin1,
-- which cannot store most of the world's text: a promotion titled in Chinese failed as a server
-- error. Idempotency keys compare byte for byte (utf8mb4_bin).
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE promotion CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE coupon CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE idempotency_record CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
