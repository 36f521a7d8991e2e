-- Supervision (§4.3.2): the reporting obligations of supervised projects (periodic and ad-hoc
-- reports, their submitted versions and attachments), the notifications that events cause
-- (an in-app inbox per user, an outbox of e-mails and webhook deliveries), the institutions'
-- webhooks, users' e-mail addresses and the scheduler's heartbeat. Projections only: the
-- history of each report is in events (subject project:ID).

ALTER TABLE users ADD COLUMN email TEXT;

-- Which periodic reports a supervised project owes and how many working days after a period
-- each is due. No row: the defaults (app/reports.c).
CREATE TABLE report_schedules (
  project_id       INTEGER PRIMARY KEY REFERENCES projects (id),
  periods          TEXT NOT NULL, -- JSON array of monthly, quarterly, annual
  due_working_days INTEGER NOT NULL CHECK (due_working_days BETWEEN 1 AND 60),
  configured_by    INTEGER NOT NULL REFERENCES users (id),
  configured_at    INTEGER NOT NULL
) STRICT;

-- One obligation. The scheduler's steps are recorded on the row (reminded_at, overdue_at,
-- escalated_at): each is taken in the write transaction that finds it due, so that it happens
-- once whatever the number of nodes and restarts. The dates are fixed when it is requested.
CREATE TABLE reports (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id     INTEGER NOT NULL REFERENCES projects (id),
  kind           TEXT NOT NULL CHECK (kind IN ('monthly', 'quarterly', 'annual', 'adhoc')),
  period         TEXT, -- 2026-07, 2026-Q3, 2026; NULL for an ad-hoc request
  title          TEXT,
  note           TEXT,
  due_on         TEXT NOT NULL,
  remind_on      TEXT NOT NULL,
  escalate_after TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'submitted', 'changes_requested', 'accepted')),
  version        INTEGER NOT NULL DEFAULT 0, -- the versions submitted
  requested_by   INTEGER REFERENCES users (id), -- NULL: the scheduler
  requested_at   INTEGER NOT NULL,
  reminded_at    INTEGER,
  overdue_at     INTEGER,
  escalated_at   INTEGER,
  updated_at     INTEGER NOT NULL,
  CHECK ((kind = 'adhoc') = (period IS NULL))
) STRICT;
CREATE UNIQUE INDEX reports_period ON reports (project_id, kind, period) WHERE period IS NOT NULL;
CREATE INDEX reports_project ON reports (project_id, id);
CREATE INDEX reports_open ON reports (status, due_on);

-- Every submitted version, kept; the officer's outcome is recorded on the version it judged.
CREATE TABLE report_versions (
  report_id              INTEGER NOT NULL REFERENCES reports (id),
  version                INTEGER NOT NULL,
  customers_served       INTEGER NOT NULL,
  transaction_volume_fen INTEGER NOT NULL,
  transaction_count      INTEGER NOT NULL,
  complaints_received    INTEGER NOT NULL,
  incidents              INTEGER NOT NULL,
  boundary_changes       TEXT NOT NULL,
  narrative              TEXT NOT NULL,
  submitted_by           INTEGER NOT NULL REFERENCES users (id),
  submitted_at           INTEGER NOT NULL,
  outcome                TEXT CHECK (outcome IN ('accepted', 'changes_requested')),
  decided_by             INTEGER REFERENCES users (id),
  decided_at             INTEGER,
  decision_reason        TEXT,
  PRIMARY KEY (report_id, version)
) STRICT;

-- Files of a version, content-addressed in blobs (as materials are).
CREATE TABLE report_attachments (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id    INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  filename     TEXT NOT NULL,
  sha256       TEXT NOT NULL REFERENCES blobs (sha256),
  size         INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  FOREIGN KEY (report_id, version) REFERENCES report_versions (report_id, version)
) STRICT;
CREATE INDEX report_attachments_version ON report_attachments (report_id, version);

-- The in-app inbox: one row per recipient of an event; the title is a message id with its
-- parameters, rendered in the reader's language.
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  event_seq  INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  title      TEXT NOT NULL,
  params     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at    INTEGER
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, id);

-- An institution's webhook. The secret signs each delivery (HMAC-SHA256), so it is kept as
-- it is; it is shown once, when the webhook is registered.
CREATE TABLE webhooks (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  institution_id INTEGER NOT NULL REFERENCES institutions (id),
  url            TEXT NOT NULL,
  secret         TEXT NOT NULL,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_by     INTEGER NOT NULL REFERENCES users (id),
  created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_institution ON webhooks (institution_id);

-- What is to be sent, written in the transaction of the event that causes it; the scheduler
-- claims a row (status sending), sends, then marks it sent, or pending again with a later
-- next_attempt_at, or dead after the last try.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
  event_seq       INTEGER NOT NULL,
  user_id         INTEGER REFERENCES users (id),
  webhook_id      INTEGER REFERENCES webhooks (id),
  target          TEXT NOT NULL, -- the address or URL when written
  body            TEXT NOT NULL, -- JSON
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_at      INTEGER,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- The last run of each node's scheduler (shown on /healthz).
CREATE TABLE scheduler_heartbeats (
  node        TEXT PRIMARY KEY,
  last_run_at INTEGER NOT NULL,
  jobs_done   INTEGER NOT NULL
) STRICT;
