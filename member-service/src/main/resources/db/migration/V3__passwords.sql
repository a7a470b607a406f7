-- A member's password hash lives with the email it signs in with: sign-in reads one row on one
-- shard. NULL for members registered before passwords existed: they cannot sign in (an operator
-- mints their tokens with ./tandem token --member ID).
ALTER TABLE member_emails ADD COLUMN password_hash VARCHAR(100) NULL;
