-- Supervision of running pilots (§4.3 items 3 and 4): inspections and incidents. Projections
-- only: every change is an event of the project (subject project:ID), whose history holds it.

-- §4.3 item 3: an inspection of a supervised project, planned by an officer, closed by a
-- leader. team: a JSON array of names. Its states are core/inspection.c's.
CREATE TABLE inspections (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id  INTEGER NOT NULL REFERENCES projects (id),
  mode        TEXT NOT NULL CHECK (mode IN ('onsite', 'offsite')),
  scope       TEXT NOT NULL,
  team        TEXT NOT NULL,
  starts_on   TEXT NOT NULL,
  ends_on     TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'notified',
                'fieldwork', 'findings', 'rectification', 'closed')),
  planned_by  INTEGER NOT NULL REFERENCES users (id),
  planned_at  INTEGER NOT NULL,
  notified_at INTEGER,
  closed_by   INTEGER REFERENCES users (id),
  closed_at   INTEGER,
  conclusion  TEXT,
  updated_at  INTEGER NOT NULL,
  CHECK (ends_on >= starts_on)
) STRICT;
CREATE INDEX inspections_project ON inspections (project_id, id);
CREATE INDEX inspections_state ON inspections (state, id);

-- What the institution is asked for, and its answer: never without the attestation that it
-- is true, accurate and complete (the attesting user and the time).
CREATE TABLE inspection_requests (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  inspection_id INTEGER NOT NULL REFERENCES inspections (id),
  items         TEXT NOT NULL,
  due_on        TEXT NOT NULL,
  requested_by  INTEGER NOT NULL REFERENCES users (id),
  requested_at  INTEGER NOT NULL,
  answer        TEXT,
  answered_by   INTEGER REFERENCES users (id),
  answered_at   INTEGER,
  attested_by   INTEGER REFERENCES users (id),
  attested_at   INTEGER,
  CHECK (answered_at IS NULL OR (attested_by IS NOT NULL AND attested_at IS NOT NULL))
) STRICT;
CREATE INDEX inspection_requests_inspection ON inspection_requests (inspection_id, id);

CREATE TABLE inspection_findings (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  inspection_id INTEGER NOT NULL REFERENCES inspections (id),
  severity      TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  description   TEXT NOT NULL,
  recorded_by   INTEGER NOT NULL REFERENCES users (id),
  recorded_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX inspection_findings_inspection ON inspection_findings (inspection_id, id);

-- A rectification order against a finding. status: open (evidence due; again after a
-- send-back, when rounds counts up), submitted, accepted. The evidence and verification
-- columns hold the latest round; the events hold every round.
CREATE TABLE inspection_orders (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  inspection_id     INTEGER NOT NULL REFERENCES inspections (id),
  finding_id        INTEGER NOT NULL REFERENCES inspection_findings (id),
  requirement       TEXT NOT NULL,
  due_on            TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted', 'accepted')),
  rounds            INTEGER NOT NULL DEFAULT 0,
  ordered_by        INTEGER NOT NULL REFERENCES users (id),
  ordered_at        INTEGER NOT NULL,
  evidence          TEXT,
  submitted_by      INTEGER REFERENCES users (id),
  submitted_at      INTEGER,
  attested_by       INTEGER REFERENCES users (id),
  attested_at       INTEGER,
  verified_by       INTEGER REFERENCES users (id),
  verified_at       INTEGER,
  verification_note TEXT,
  CHECK (submitted_at IS NULL OR (attested_by IS NOT NULL AND attested_at IS NOT NULL))
) STRICT;
CREATE INDEX inspection_orders_inspection ON inspection_orders (inspection_id, id);

-- The files of an answer or of a round of evidence; the bytes are in blobs (never
-- overwritten).
CREATE TABLE inspection_files (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  inspection_id INTEGER NOT NULL REFERENCES inspections (id),
  request_id    INTEGER REFERENCES inspection_requests (id),
  order_id      INTEGER REFERENCES inspection_orders (id),
  round         INTEGER NOT NULL DEFAULT 0,
  filename      TEXT NOT NULL,
  sha256        TEXT NOT NULL REFERENCES blobs (sha256),
  size          INTEGER NOT NULL,
  content_type  TEXT NOT NULL,
  uploaded_by   INTEGER NOT NULL REFERENCES users (id),
  uploaded_at   INTEGER NOT NULL,
  CHECK ((request_id IS NULL) <> (order_id IS NULL))
) STRICT;
CREATE INDEX inspection_files_inspection ON inspection_files (inspection_id, id);

-- §4.3 item 4: an incident, reported by the institution or opened by an officer. Its level
-- and the affected system's class follow the CSRC's classification; the initial report is
-- due at initial_due_at (hours by level after discovered_at: settings). loss_fen,
-- compensated_fen and investors_compensated are the latest of incident_losses.
CREATE TABLE incidents (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id            INTEGER NOT NULL REFERENCES projects (id),
  source                TEXT NOT NULL CHECK (source IN ('institution', 'working_group')),
  category              TEXT NOT NULL CHECK (category IN ('information_security',
                          'business_error', 'outage', 'other')),
  level                 TEXT NOT NULL CHECK (level IN ('especially_major', 'major', 'large',
                          'general')),
  system_class          INTEGER NOT NULL CHECK (system_class BETWEEN 1 AND 5),
  investors_affected    INTEGER NOT NULL CHECK (investors_affected >= 0),
  estimated_loss_fen    INTEGER NOT NULL CHECK (estimated_loss_fen >= 0),
  title                 TEXT NOT NULL,
  description           TEXT NOT NULL,
  discovered_at         INTEGER NOT NULL,
  initial_due_at        INTEGER NOT NULL,
  initial_at            INTEGER,
  final_at              INTEGER,
  state                 TEXT NOT NULL CHECK (state IN ('awaiting_initial', 'reported', 'final',
                          'csrc_reported', 'acknowledged')),
  loss_fen              INTEGER,
  compensated_fen       INTEGER,
  investors_compensated INTEGER,
  opened_by             INTEGER NOT NULL REFERENCES users (id),
  opened_at             INTEGER NOT NULL,
  reported_to_csrc_by   INTEGER REFERENCES users (id),
  reported_to_csrc_at   INTEGER,
  acknowledged_by       INTEGER REFERENCES users (id),
  acknowledged_at       INTEGER,
  updated_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX incidents_project ON incidents (project_id, id);
CREATE INDEX incidents_state ON incidents (state, id);

-- What was said about an incident, in order: the institution's reports by stage, the working
-- group's guidance, its report to the CSRC and the CSRC's acknowledgement.
CREATE TABLE incident_entries (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  kind        TEXT NOT NULL CHECK (kind IN ('initial', 'update', 'final', 'guidance',
                'csrc_report', 'acknowledgement')),
  text        TEXT NOT NULL,
  by_user     INTEGER NOT NULL REFERENCES users (id),
  at          INTEGER NOT NULL
) STRICT;
CREATE INDEX incident_entries_incident ON incident_entries (incident_id, id);

-- Every record of the loss and compensation as they stood (fen), oldest first (§5.2 rests
-- on them).
CREATE TABLE incident_losses (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id           INTEGER NOT NULL REFERENCES incidents (id),
  loss_fen              INTEGER NOT NULL CHECK (loss_fen >= 0),
  compensated_fen       INTEGER NOT NULL CHECK (compensated_fen >= 0),
  investors_compensated INTEGER NOT NULL CHECK (investors_compensated >= 0),
  note                  TEXT,
  recorded_by           INTEGER NOT NULL REFERENCES users (id),
  recorded_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX incident_losses_incident ON incident_losses (incident_id, id);
