-- Foundation: settings, the event chain, institutions, users, sessions (PostgreSQL).
-- The same tables as migrations/sqlite/0001_foundation.sql. Times are UTC microseconds
-- (BIGINT); flags are SMALLINT 0/1 with a CHECK, not boolean, so that queries and results read
-- alike on both stores. Ids are identity columns: a sequence never hands out an id twice.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The event chain: append-only (trigger and privileges below), hash-chained (docs/AUDIT.md).
-- seq is assigned by events_append under the write lock, not by a sequence: no gaps.
CREATE TABLE events (
  seq          BIGINT PRIMARY KEY CHECK (seq > 0),
  ts           BIGINT NOT NULL,
  actor        TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  kind         TEXT NOT NULL,
  reason       TEXT,
  payload      TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE
);
CREATE INDEX events_subject ON events (subject_type, subject_id, seq);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
-- Belt and braces: no role but the owner may change events at all (docs/DEPLOY.md: serve as a
-- role that does not own the schema, and the trigger cannot be dropped by it either).
REVOKE UPDATE, DELETE, TRUNCATE ON events FROM PUBLIC;

CREATE TABLE institutions (
  id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                TEXT NOT NULL,
  credit_code         TEXT NOT NULL UNIQUE,
  kind                TEXT NOT NULL,
  registered_province TEXT NOT NULL,
  registered_city     TEXT NOT NULL,
  main_office_city    TEXT NOT NULL,
  national            SMALLINT NOT NULL CHECK (national IN (0, 1)),
  jinan_branch        SMALLINT NOT NULL CHECK (jinan_branch IN (0, 1)),
  tech_category       TEXT,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  version             BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX institutions_name ON institutions (name);

CREATE TABLE users (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  display_name   TEXT,
  role           TEXT NOT NULL CHECK (role IN ('admin','officer','leader','csrc','expert','institution')),
  institution_id BIGINT REFERENCES institutions (id),
  password_hash  TEXT NOT NULL,
  active         SMALLINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  CHECK ((role = 'institution') = (institution_id IS NOT NULL))
);

-- Only the SHA-256 of a session token is stored: a copy of the database opens no session.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users (id),
  csrf       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
