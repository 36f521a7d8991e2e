-- Supervision (§4.3): investors' complaints about a running pilot (信访投诉: investor
-- protection includes complaint handling), and the information exchange of §4.3.1: threads of
-- messages between the working group and a pilot's institutions with read receipts, and the
-- working group's reports of new situations to the CSRC. Projections only: the history of each
-- row is in events (which never carry a complainant's name or contact, nor a secret).

-- A complaint about a supervised project, filed by the public or recorded by the institution
-- that received it. Only the SHA-256 of the complainant's secret is kept; a public filer's
-- network address is not stored at all (the rate limit counts it in memory).
CREATE TABLE complaints (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id        INTEGER NOT NULL REFERENCES projects (id),
  reference         TEXT NOT NULL UNIQUE,
  secret_hash       TEXT NOT NULL,
  channel           TEXT NOT NULL CHECK (channel IN ('public', 'institution')),
  name              TEXT NOT NULL,
  contact           TEXT NOT NULL,
  content           TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'escalated', 'resolved')),
  due_on            TEXT NOT NULL,
  filed_at          INTEGER NOT NULL,
  filed_by          INTEGER REFERENCES users (id),
  name_forwarded_at INTEGER,
  name_forwarded_by INTEGER REFERENCES users (id),
  escalated_to      TEXT CHECK (escalated_to IN ('working_group', 'leader', 'csrc')),
  escalation_reason TEXT,
  escalated_at      INTEGER,
  escalated_by      INTEGER REFERENCES users (id),
  resolution        TEXT,
  resolved_at       INTEGER,
  resolved_by       INTEGER REFERENCES users (id),
  updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX complaints_project ON complaints (project_id, id);
CREATE INDEX complaints_status ON complaints (status, id);

-- Handling notes, and the answers meant for the complainant (to_complainant = 1).
CREATE TABLE complaint_notes (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id   INTEGER NOT NULL REFERENCES complaints (id),
  body           TEXT NOT NULL,
  to_complainant INTEGER NOT NULL CHECK (to_complainant IN (0, 1)),
  side           TEXT NOT NULL CHECK (side IN ('working_group', 'institution')),
  author_id      INTEGER NOT NULL REFERENCES users (id),
  created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX complaint_notes_complaint ON complaint_notes (complaint_id, id);

-- §4.3.1: a thread between the working group and a project's institutions.
CREATE TABLE threads (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id      INTEGER NOT NULL REFERENCES projects (id),
  subject         TEXT NOT NULL,
  created_by      INTEGER NOT NULL REFERENCES users (id),
  created_at      INTEGER NOT NULL,
  last_message_at INTEGER NOT NULL
) STRICT;
CREATE INDEX threads_project ON threads (project_id, id);

CREATE TABLE messages (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  thread_id INTEGER NOT NULL REFERENCES threads (id),
  body      TEXT NOT NULL,
  side      TEXT NOT NULL CHECK (side IN ('working_group', 'institution')),
  author_id INTEGER NOT NULL REFERENCES users (id),
  sent_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_thread ON messages (thread_id, id);

-- A message's files: the bytes in blobs (content-addressed, as materials').
CREATE TABLE message_attachments (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id   INTEGER NOT NULL REFERENCES messages (id),
  filename     TEXT NOT NULL,
  sha256       TEXT NOT NULL REFERENCES blobs (sha256),
  size         INTEGER NOT NULL,
  content_type TEXT NOT NULL
) STRICT;
CREATE INDEX message_attachments_message ON message_attachments (message_id, id);

-- Read receipts: who read which message when (its author never gets one).
CREATE TABLE message_reads (
  message_id INTEGER NOT NULL REFERENCES messages (id),
  user_id    INTEGER NOT NULL REFERENCES users (id),
  read_at    INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id)
) STRICT;

-- §4.3.1: a new situation the working group reports upward to the CSRC, which acknowledges it.
CREATE TABLE situations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id      INTEGER REFERENCES projects (id),
  title           TEXT NOT NULL,
  body            TEXT NOT NULL,
  reported_by     INTEGER NOT NULL REFERENCES users (id),
  reported_at     INTEGER NOT NULL,
  acknowledged_by INTEGER REFERENCES users (id),
  acknowledged_at INTEGER,
  acknowledgement TEXT
) STRICT;
