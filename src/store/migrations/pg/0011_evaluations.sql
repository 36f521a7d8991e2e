-- The end of a pilot (§4.4, §5.1): stage evaluations, their outcomes' rectification orders, and
-- recognitions. Projections only: every change is an event of the project (subject project:ID),
-- whose history holds it.
-- PostgreSQL: the same tables as migrations/sqlite/0011_evaluations.sql.

-- §4.4: a stage evaluation of a launched pilot, opened by the CSRC, the working group or the
-- scheduler (the planned duration ran out, or an improvement's re-evaluation date came). At
-- most one open evaluation per project. commitments and measures: JSON arrays of the
-- judgements ({index, kept, evidence} / {index, met, note}). follows_id: the evaluation whose
-- re-evaluation date opened this one.
CREATE TABLE evaluations (
  id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id          BIGINT NOT NULL REFERENCES projects (id),
  origin              TEXT NOT NULL CHECK (origin IN ('csrc', 'working_group', 'scheduler')),
  status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'concluded')),
  due_on              TEXT,
  reason              TEXT,
  follows_id          BIGINT REFERENCES evaluations (id),
  opened_by           BIGINT REFERENCES users (id),
  opened_at           BIGINT NOT NULL,
  reminded_on         TEXT,
  commitments         TEXT,
  commitments_by      BIGINT REFERENCES users (id),
  commitments_at      BIGINT,
  hypothesis          TEXT CHECK (hypothesis IN ('met', 'partly', 'not_met')),
  hypothesis_note     TEXT,
  measures            TEXT,
  hypothesis_by       BIGINT REFERENCES users (id),
  hypothesis_at       BIGINT,
  concurrence         TEXT CHECK (concurrence IN ('regular_operation', 'improve', 'rectify',
                        'exit')),
  concurrence_opinion TEXT,
  concurred_by        BIGINT REFERENCES users (id),
  concurred_at        BIGINT,
  outcome             TEXT CHECK (outcome IN ('regular_operation', 'improve', 'rectify', 'exit')),
  decision_id         BIGINT,
  concluded_at        BIGINT,
  reevaluate_on       TEXT,
  updated_at          BIGINT NOT NULL,
  CHECK (status = 'open' OR (outcome IS NOT NULL AND concluded_at IS NOT NULL))
);
CREATE UNIQUE INDEX evaluations_one_open ON evaluations (project_id) WHERE status = 'open';
CREATE INDEX evaluations_project ON evaluations (project_id, id);
CREATE INDEX evaluations_status ON evaluations (status, id);

-- One side's score of one criterion (core/evaluation.c's list): side csrc (the CSRC's users)
-- or working_group (officers and leaders); a side's sheet is replaced whole while open.
CREATE TABLE evaluation_scores (
  evaluation_id BIGINT NOT NULL REFERENCES evaluations (id),
  side          TEXT NOT NULL CHECK (side IN ('csrc', 'working_group')),
  criterion     TEXT NOT NULL,
  score         BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment       TEXT NOT NULL,
  scored_by     BIGINT NOT NULL REFERENCES users (id),
  scored_at     BIGINT NOT NULL,
  PRIMARY KEY (evaluation_id, side, criterion)
);

-- §4.4: the rectification an evaluation ordered (evaluate_rectify): open, submitted (the lead
-- reported; evidence a JSON array of texts), verified (verify_rectification approved).
-- overdue_on: the due date the scheduler marked overdue.
CREATE TABLE rectification_orders (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    BIGINT NOT NULL REFERENCES projects (id),
  evaluation_id BIGINT NOT NULL REFERENCES evaluations (id),
  order_text    TEXT NOT NULL,
  due_on        TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted', 'verified')),
  ordered_at    BIGINT NOT NULL,
  decision_id   BIGINT,
  report        TEXT,
  evidence      TEXT,
  reported_by   BIGINT REFERENCES users (id),
  reported_at   BIGINT,
  verified_by   BIGINT REFERENCES users (id),
  verified_at   BIGINT,
  verify_decision_id BIGINT,
  overdue_on    TEXT
);
CREATE INDEX rectification_orders_project ON rectification_orders (project_id, id);

-- §5.1: a pilot that became regular operation recognised: public notice, industry circular,
-- fintech awards, pilot-zone policy rewards. Public (GET /api/v1/public/recognitions).
CREATE TABLE recognitions (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    BIGINT NOT NULL REFERENCES projects (id),
  kind          TEXT NOT NULL CHECK (kind IN ('public_notice', 'industry_circular',
                  'fintech_award', 'policy_reward')),
  citation      TEXT NOT NULL,
  decision_id   BIGINT,
  recognised_on TEXT NOT NULL,
  recognised_at BIGINT NOT NULL
);
CREATE INDEX recognitions_project ON recognitions (project_id, id);
