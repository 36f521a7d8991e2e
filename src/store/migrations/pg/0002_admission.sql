-- Admission (§3–§4.2): projects and members, materials, the workflow's decisions, batches and
-- expert review, CSRC evaluation, public notice and comments, the working-day calendar, and
-- scheduled jobs. Projections only: the history of each row is in events.
-- PostgreSQL: the same tables as migrations/sqlite/0002_admission.sql, with BIGINT for INTEGER,
-- identity ids (never reused), BYTEA for blobs and SMALLINT 0/1 flags.

-- The working-day calendar (§4.2 notice periods): special days; every other Mon–Fri works.
CREATE TABLE calendar_days (
  date TEXT PRIMARY KEY,                       -- YYYY-MM-DD
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT ''
);

-- Calls for applications (§4.1: selection in batches).
CREATE TABLE batches (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       TEXT NOT NULL,
  opens_on   TEXT NOT NULL,
  closes_on  TEXT NOT NULL,
  weights    TEXT NOT NULL,                   -- JSON: criterion -> weight
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE projects (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  track           TEXT NOT NULL CHECK (track IN ('pilot', 'coaching')),
  state           TEXT NOT NULL,
  name            TEXT NOT NULL,
  content         TEXT NOT NULL,              -- JSON: the application (scenarios, boundaries...)
  batch_id        BIGINT REFERENCES batches (id),
  csrc_result     TEXT CHECK (csrc_result IN ('pass', 'fail')),
  defects         TEXT,                       -- JSON list from the last completeness return
  created_by      BIGINT NOT NULL REFERENCES users (id),
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  submitted_at    BIGINT,
  launched_on     TEXT,                       -- YYYY-MM-DD (CST)
  coaching_ends_on TEXT,                      -- YYYY-MM-DD (CST), coaching track
  version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX projects_state ON projects (state, id);
CREATE INDEX projects_batch ON projects (batch_id);

-- §3.2: members, exactly one lead, each with its substantive role, each confirming.
CREATE TABLE project_members (
  project_id     BIGINT NOT NULL REFERENCES projects (id),
  institution_id BIGINT NOT NULL REFERENCES institutions (id),
  lead           SMALLINT NOT NULL CHECK (lead IN (0, 1)),
  role           TEXT NOT NULL,
  confirmed_at   BIGINT,
  confirmed_by   BIGINT REFERENCES users (id),
  PRIMARY KEY (project_id, institution_id)
);
CREATE INDEX project_members_institution ON project_members (institution_id);
CREATE UNIQUE INDEX project_members_one_lead ON project_members (project_id) WHERE lead = 1;

-- Content-addressed file store: a blob is never overwritten.
CREATE TABLE blobs (
  sha256       TEXT PRIMARY KEY,
  size         BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  data         BYTEA NOT NULL,
  created_at   BIGINT NOT NULL
);

-- Materials: versions of each required attachment; a new upload is a new version.
CREATE TABLE materials (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  BIGINT NOT NULL REFERENCES projects (id),
  kind        TEXT NOT NULL,
  version     BIGINT NOT NULL,
  filename    TEXT NOT NULL,
  sha256      TEXT NOT NULL REFERENCES blobs (sha256),
  size        BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users (id),
  uploaded_at BIGINT NOT NULL,
  UNIQUE (project_id, kind, version)
);

-- Maker-checker: a decision proposed by an officer, settled by a different leader.
CREATE TABLE decisions (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    BIGINT NOT NULL REFERENCES projects (id),
  action        TEXT NOT NULL,
  from_state    TEXT NOT NULL,
  params        TEXT NOT NULL,               -- JSON: the action's fields
  reason        TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  proposed_by   BIGINT NOT NULL REFERENCES users (id),
  proposed_at   BIGINT NOT NULL,
  decided_by    BIGINT REFERENCES users (id),
  decided_at    BIGINT,
  decision_reason TEXT
);
CREATE UNIQUE INDEX decisions_one_pending ON decisions (project_id) WHERE status = 'pending';
CREATE INDEX decisions_status ON decisions (status, id);

-- Expert pool, assignments, conflicts of interest and scores (§4.1).
CREATE TABLE experts (
  user_id        BIGINT PRIMARY KEY REFERENCES users (id),
  affiliation    TEXT NOT NULL DEFAULT '',
  institution_id BIGINT REFERENCES institutions (id),
  fields         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE assignments (
  project_id  BIGINT NOT NULL REFERENCES projects (id),
  expert_id   BIGINT NOT NULL REFERENCES users (id),
  assigned_at BIGINT NOT NULL,
  assigned_by BIGINT NOT NULL REFERENCES users (id),
  PRIMARY KEY (project_id, expert_id)
);

CREATE TABLE conflicts (
  project_id  BIGINT NOT NULL REFERENCES projects (id),
  expert_id   BIGINT NOT NULL REFERENCES users (id),
  source      TEXT NOT NULL CHECK (source IN ('expert', 'applicant', 'automatic')),
  reason      TEXT NOT NULL,
  declared_by BIGINT REFERENCES users (id),
  declared_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, expert_id, source)
);

CREATE TABLE score_sheets (
  project_id   BIGINT NOT NULL REFERENCES projects (id),
  expert_id    BIGINT NOT NULL REFERENCES users (id),
  scores       TEXT NOT NULL,                -- JSON: criterion -> {score, comment}
  submitted_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, expert_id)
);

-- Public notice (§4.2) and its comments.
CREATE TABLE notices (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id   BIGINT NOT NULL UNIQUE REFERENCES projects (id),
  public       TEXT NOT NULL,                -- JSON: the project's public fields as published
  opens_on     TEXT NOT NULL,
  closes_on    TEXT NOT NULL,
  working_days BIGINT NOT NULL,
  created_at   BIGINT NOT NULL
);

CREATE TABLE comments (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notice_id      BIGINT NOT NULL REFERENCES notices (id),
  body           TEXT NOT NULL,
  author         TEXT NOT NULL DEFAULT '',
  contact        TEXT NOT NULL DEFAULT '',
  address_hash   TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'hidden')),
  classification TEXT CHECK (classification IN ('ordinary', 'major_risk')),
  classified_by  BIGINT REFERENCES users (id),
  classified_at  BIGINT,
  response       TEXT,                       -- JSON: {response, safeguards, compensation}
  responded_by   BIGINT REFERENCES users (id),
  responded_at   BIGINT
);
CREATE INDEX comments_notice ON comments (notice_id, id);

-- Scheduled work (coaching expiry, later reminders): each job is done exactly once.
CREATE TABLE jobs (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        TEXT NOT NULL,
  subject_id  BIGINT NOT NULL,
  due_at      BIGINT NOT NULL,
  done_at     BIGINT,
  UNIQUE (kind, subject_id)
);
CREATE INDEX jobs_due ON jobs (done_at, due_at);

-- Live-business figures reported by a running pilot (§4.3; §3.3: never for coaching).
CREATE TABLE project_metrics (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id      BIGINT NOT NULL REFERENCES projects (id),
  period          TEXT NOT NULL,              -- YYYY-MM
  customers       BIGINT NOT NULL,
  transactions    BIGINT NOT NULL,
  volume_fen      BIGINT NOT NULL,
  complaints      BIGINT NOT NULL,
  idempotency_key TEXT,
  reported_by     BIGINT NOT NULL REFERENCES users (id),
  reported_at     BIGINT NOT NULL,
  UNIQUE (project_id, idempotency_key)
);
