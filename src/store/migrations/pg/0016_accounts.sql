-- Accounts for the open internet: a second factor (TOTP, RFC 6238) with recovery codes, the
-- half-done log-in between the password and the code, and what the owner of a session sees of
-- it (docs/SECURITY.md, Accounts).

-- An account's TOTP secret (base32). enrolled_at NULL: offered, not yet confirmed by a code.
-- last_step: the time step of the last code accepted; a code is good once.
CREATE TABLE user_totp (
  user_id     BIGINT PRIMARY KEY REFERENCES users (id),
  secret      TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  enrolled_at BIGINT,
  last_step   BIGINT NOT NULL DEFAULT -1
);

-- One-time recovery codes: only the SHA-256 of each (a code has 80 random bits).
CREATE TABLE recovery_codes (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users (id),
  code_hash  TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  used_at    BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- A log-in whose password was right and whose second step is to come: 'otp' (a code) or
-- 'enrol' (a first secret to confirm). Only the SHA-256 of its token is stored; it lives five
-- minutes and opens nothing but that step.
CREATE TABLE login_pending (
  token_hash   TEXT PRIMARY KEY,
  user_id      BIGINT NOT NULL REFERENCES users (id),
  stage        TEXT NOT NULL CHECK (stage IN ('otp', 'enrol')),
  secret       TEXT,
  secret_shown SMALLINT NOT NULL DEFAULT 0 CHECK (secret_shown IN (0, 1)),
  failures     INTEGER NOT NULL DEFAULT 0,
  address      TEXT,
  user_agent   TEXT,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL
);
CREATE INDEX login_pending_expires ON login_pending (expires_at);

-- What the owner sees of a session: a public id (never the token's hash), when it was last
-- used, from where and with what.
ALTER TABLE sessions ADD COLUMN public_id TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
ALTER TABLE sessions ADD COLUMN address TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
UPDATE sessions SET public_id = substr(md5(random()::text || token_hash), 1, 16),
  last_seen_at = created_at;
CREATE UNIQUE INDEX sessions_public_id ON sessions (public_id);
