-- Supervision (§4.3 item 2, risk monitoring): key risk indicators of a live pilot, the points
-- its systems send, the alerts a crossing or a silence opens, and the API tokens that send
-- the points. Values are kept in millionths of their unit (value_micro = value x 1,000,000),
-- as integers, so that every store compares and copies them exactly. Projections only: the
-- history of each row is in events (indicator.*, metrics.ingested, alert.*, api_token.*).
-- PostgreSQL: the same tables as migrations/sqlite/0006_indicators.sql.

CREATE TABLE indicators (
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id       BIGINT NOT NULL REFERENCES projects (id),
  key              TEXT NOT NULL,               -- customers, max_transaction_fen, ...
  name             TEXT NOT NULL,
  unit             TEXT NOT NULL,               -- count, fen, percent, or an officer's unit
  direction        TEXT NOT NULL CHECK (direction IN ('above', 'below')),
  warn_micro       BIGINT,                     -- NULL: no warning threshold
  breach_micro     BIGINT,                     -- NULL: no breach threshold
  stale_after_s    BIGINT NOT NULL,
  standard         BIGINT NOT NULL DEFAULT 0,  -- 1: from the test boundaries
  level            TEXT NOT NULL DEFAULT 'normal' CHECK (level IN ('normal', 'warning', 'breach')),
  peak             TEXT NOT NULL DEFAULT 'normal' CHECK (peak IN ('normal', 'warning', 'breach')),
  stale            BIGINT NOT NULL DEFAULT 0,  -- 1: a stale alert opened for this silence
  last_value_micro BIGINT,
  last_at          BIGINT,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  UNIQUE (project_id, key)
);

-- The ingestion tokens of a project's lead institution: only the SHA-256 of the secret.
CREATE TABLE api_tokens (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id     BIGINT NOT NULL REFERENCES projects (id),
  institution_id BIGINT NOT NULL REFERENCES institutions (id),
  name           TEXT NOT NULL,
  token_hash     TEXT NOT NULL UNIQUE,
  prefix         TEXT NOT NULL,                 -- "bti_1a2b3c4d", to tell tokens apart
  created_by     BIGINT NOT NULL REFERENCES users (id),
  created_at     BIGINT NOT NULL,
  last_used_at   BIGINT,
  revoked_at     BIGINT,
  revoked_by     BIGINT REFERENCES users (id)
);
CREATE INDEX api_tokens_project ON api_tokens (project_id, id);

-- One value of one indicator at one time; a time is stored once per indicator. No foreign
-- keys here: only the ingestion writes points, with the indicator and token ids it read in its
-- own transaction, and indicators and tokens are never deleted; on PostgreSQL a foreign key is
-- a trigger per point, which made a batch of 10,000 some three times slower.
CREATE TABLE metric_points (
  indicator_id BIGINT NOT NULL,                   -- indicators (id)
  at           BIGINT NOT NULL,
  value_micro  BIGINT NOT NULL,
  received_at  BIGINT NOT NULL,
  token_id     BIGINT,                            -- api_tokens (id); NULL: a user's session
  PRIMARY KEY (indicator_id, at)
);

CREATE TABLE alerts (
  id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id         BIGINT NOT NULL REFERENCES projects (id),
  indicator_id       BIGINT NOT NULL REFERENCES indicators (id),
  level              TEXT NOT NULL CHECK (level IN ('warning', 'breach', 'stale')),
  status             TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'acknowledged', 'resolved')),
  value_micro        BIGINT,                   -- the value that crossed (not for stale)
  threshold_micro    BIGINT,
  at                 BIGINT NOT NULL,          -- the point's time, or when the silence was found
  opened_at          BIGINT NOT NULL,
  acknowledged_at    BIGINT,
  acknowledged_by    TEXT,                      -- an event actor: "user:7"
  acknowledge_reason TEXT,
  resolved_at        BIGINT,
  resolved_by        TEXT,                      -- "user:7", or "system" (data came back)
  resolve_reason     TEXT
);
CREATE INDEX alerts_project ON alerts (project_id, status, id);
-- At most one unresolved alert per indicator and level, whichever node opens it.
CREATE UNIQUE INDEX alerts_unresolved ON alerts (indicator_id, level) WHERE status <> 'resolved';
