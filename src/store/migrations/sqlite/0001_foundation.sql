-- Foundation: settings, the event chain, institutions, users, sessions.
-- Times are UTC microseconds (INTEGER); every table is STRICT.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- The event chain: append-only (triggers below), hash-chained (docs/AUDIT.md).
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY,
  ts           INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  kind         TEXT NOT NULL,
  reason       TEXT,
  payload      TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX events_subject ON events (subject_type, subject_id, seq);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- AUTOINCREMENT: an id is never reused, so a deleted record's history (events under
-- institution:N) never merges with a later record's.
CREATE TABLE institutions (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  name                TEXT NOT NULL,
  credit_code         TEXT NOT NULL UNIQUE,
  kind                TEXT NOT NULL,
  registered_province TEXT NOT NULL,
  registered_city     TEXT NOT NULL,
  main_office_city    TEXT NOT NULL,
  national            INTEGER NOT NULL CHECK (national IN (0, 1)),
  jinan_branch        INTEGER NOT NULL CHECK (jinan_branch IN (0, 1)),
  tech_category       TEXT,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX institutions_name ON institutions (name);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  username       TEXT NOT NULL UNIQUE,
  display_name   TEXT,
  role           TEXT NOT NULL CHECK (role IN ('admin','officer','leader','csrc','expert','institution')),
  institution_id INTEGER REFERENCES institutions (id),
  password_hash  TEXT NOT NULL,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  CHECK ((role = 'institution') = (institution_id IS NOT NULL))
) STRICT;

-- Only the SHA-256 of a session token is stored: a copy of the database opens no session.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  csrf       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
