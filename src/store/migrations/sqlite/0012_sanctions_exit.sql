-- The end of a pilot (§4.4): sanctions and exit. Projections only: every change is an event of
-- the project (subject project:ID), whose history holds it.

-- A sanction the working group decided (maker-checker): suspend, resume, stop, an
-- administrative measure or a referral. kind: the workflow action; evidence: a JSON array of
-- texts; measure (administrative_measure) and authority (criminal_referral) say what and to
-- whom. proposed_by/approved_by: the decision's proposer and the approving leader.
CREATE TABLE sanctions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id  INTEGER NOT NULL REFERENCES projects (id),
  kind        TEXT NOT NULL CHECK (kind IN ('suspend', 'resume', 'stop',
                'administrative_measure', 'criminal_referral')),
  reason      TEXT,
  evidence    TEXT NOT NULL,
  measure     TEXT,
  authority   TEXT,
  decision_id INTEGER REFERENCES decisions (id),
  proposed_by INTEGER REFERENCES users (id),
  approved_by INTEGER REFERENCES users (id),
  at          INTEGER NOT NULL,
  CHECK (kind <> 'administrative_measure' OR measure IS NOT NULL),
  CHECK (kind <> 'criminal_referral' OR authority IS NOT NULL)
) STRICT;
CREATE INDEX sanctions_project ON sanctions (project_id, id);

-- The lead institution's application to leave the pilot (自行申请退出): pending until an exit
-- starts on it.
CREATE TABLE exit_applications (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id     INTEGER NOT NULL REFERENCES projects (id),
  institution_id INTEGER NOT NULL REFERENCES institutions (id),
  applied_by     INTEGER NOT NULL REFERENCES users (id),
  reason         TEXT NOT NULL,
  plan_note      TEXT,
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'started')),
  applied_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX exit_applications_project ON exit_applications (project_id, id);

-- A project's exit (one at most: exited and stopped are final): voluntary or forced, along its
-- exit plan (the application's content.exit_plan, as it stood); the complaint channel stays
-- open until channel_open_until (a CST date).
CREATE TABLE exits (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id         INTEGER NOT NULL UNIQUE REFERENCES projects (id),
  kind               TEXT NOT NULL CHECK (kind IN ('voluntary', 'forced')),
  plan               TEXT NOT NULL,
  application_id     INTEGER REFERENCES exit_applications (id),
  decision_id        INTEGER REFERENCES decisions (id),
  started_at         INTEGER NOT NULL,
  started_on         TEXT NOT NULL,
  channel_open_until TEXT NOT NULL,
  completed_at       INTEGER,
  completed_on       TEXT
) STRICT;

-- The exit checklist: fixed items, each done once it has its evidence (the latest; the
-- events hold every one).
CREATE TABLE exit_items (
  exit_id     INTEGER NOT NULL REFERENCES exits (id),
  item        TEXT NOT NULL CHECK (item IN ('investors_notified', 'services_wound_down',
                'compensation_paid', 'data_handled', 'complaint_channel')),
  position    INTEGER NOT NULL,
  evidence    TEXT,
  evidence_by INTEGER REFERENCES users (id),
  evidence_at INTEGER,
  PRIMARY KEY (exit_id, item)
) STRICT;
