-- Supervision (§4.3 item 2, risk monitoring): key risk indicators of a live pilot, the points
-- its systems send, the alerts a crossing or a silence opens, and the API tokens that send
-- the points. Values are kept in millionths of their unit (value_micro = value x 1,000,000),
-- as integers, so that every store compares and copies them exactly. Projections only: the
-- history of each row is in events (indicator.*, metrics.ingested, alert.*, api_token.*).

CREATE TABLE indicators (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id       INTEGER NOT NULL REFERENCES projects (id),
  key              TEXT NOT NULL,               -- customers, max_transaction_fen, ...
  name             TEXT NOT NULL,
  unit             TEXT NOT NULL,               -- count, fen, percent, or an officer's unit
  direction        TEXT NOT NULL CHECK (direction IN ('above', 'below')),
  warn_micro       INTEGER,                     -- NULL: no warning threshold
  breach_micro     INTEGER,                     -- NULL: no breach threshold
  stale_after_s    INTEGER NOT NULL,
  standard         INTEGER NOT NULL DEFAULT 0,  -- 1: from the test boundaries
  level            TEXT NOT NULL DEFAULT 'normal' CHECK (level IN ('normal', 'warning', 'breach')),
  peak             TEXT NOT NULL DEFAULT 'normal' CHECK (peak IN ('normal', 'warning', 'breach')),
  stale            INTEGER NOT NULL DEFAULT 0,  -- 1: a stale alert opened for this silence
  last_value_micro INTEGER,
  last_at          INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  UNIQUE (project_id, key)
) STRICT;

-- The ingestion tokens of a project's lead institution: only the SHA-256 of the secret.
CREATE TABLE api_tokens (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id     INTEGER NOT NULL REFERENCES projects (id),
  institution_id INTEGER NOT NULL REFERENCES institutions (id),
  name           TEXT NOT NULL,
  token_hash     TEXT NOT NULL UNIQUE,
  prefix         TEXT NOT NULL,                 -- "bti_1a2b3c4d", to tell tokens apart
  created_by     INTEGER NOT NULL REFERENCES users (id),
  created_at     INTEGER NOT NULL,
  last_used_at   INTEGER,
  revoked_at     INTEGER,
  revoked_by     INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX api_tokens_project ON api_tokens (project_id, id);

-- One value of one indicator at one time; a time is stored once per indicator. No foreign
-- keys here: only the ingestion writes points, with the indicator and token ids it read in its
-- own transaction, and indicators and tokens are never deleted; on PostgreSQL a foreign key is
-- a trigger per point, which made a batch of 10,000 some three times slower.
CREATE TABLE metric_points (
  indicator_id INTEGER NOT NULL,                   -- indicators (id)
  at           INTEGER NOT NULL,
  value_micro  INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  token_id     INTEGER,                            -- api_tokens (id); NULL: a user's session
  PRIMARY KEY (indicator_id, at)
) STRICT, WITHOUT ROWID;

CREATE TABLE alerts (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id         INTEGER NOT NULL REFERENCES projects (id),
  indicator_id       INTEGER NOT NULL REFERENCES indicators (id),
  level              TEXT NOT NULL CHECK (level IN ('warning', 'breach', 'stale')),
  status             TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'acknowledged', 'resolved')),
  value_micro        INTEGER,                   -- the value that crossed (not for stale)
  threshold_micro    INTEGER,
  at                 INTEGER NOT NULL,          -- the point's time, or when the silence was found
  opened_at          INTEGER NOT NULL,
  acknowledged_at    INTEGER,
  acknowledged_by    TEXT,                      -- an event actor: "user:7"
  acknowledge_reason TEXT,
  resolved_at        INTEGER,
  resolved_by        TEXT,                      -- "user:7", or "system" (data came back)
  resolve_reason     TEXT
) STRICT;
CREATE INDEX alerts_project ON alerts (project_id, status, id);
-- At most one unresolved alert per indicator and level, whichever node opens it.
CREATE UNIQUE INDEX alerts_unresolved ON alerts (indicator_id, level) WHERE status <> 'resolved';
