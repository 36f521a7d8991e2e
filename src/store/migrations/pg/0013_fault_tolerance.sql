-- §5.2 fault tolerance (容错机制): the working group's determination on an incident, proposed
-- by an officer and approved by a leader (the decision). The four inputs with their evidence,
-- the rule's test as computed from them (core/fault_tolerance.c), the determination, the
-- reasoning (computed in both languages, and the officer's own when written), an override's
-- text when the determination departs from the test (the leader's approval approves it), and
-- the incident's loss and compensation as they stood. One determination per incident.
CREATE TABLE fault_tolerance_determinations (
  id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id             BIGINT NOT NULL REFERENCES projects (id),
  incident_id            BIGINT NOT NULL UNIQUE REFERENCES incidents (id),
  precautions            SMALLINT NOT NULL CHECK (precautions IN (0, 1)),
  precautions_evidence   TEXT NOT NULL,
  investor_loss          SMALLINT NOT NULL CHECK (investor_loss IN (0, 1)),
  investor_loss_evidence TEXT NOT NULL,
  compensated            SMALLINT CHECK (compensated IN (0, 1)),
  compensation_evidence  TEXT,
  market_effect          SMALLINT NOT NULL CHECK (market_effect IN (0, 1)),
  market_effect_evidence TEXT NOT NULL,
  computed               TEXT NOT NULL CHECK (computed IN ('exempt_or_lighter',
                           'not_applicable')),
  failed                 TEXT NOT NULL,
  determination          TEXT NOT NULL CHECK (determination IN ('exempt_or_lighter',
                           'not_applicable')),
  reasoning_zh           TEXT NOT NULL,
  reasoning_en           TEXT NOT NULL,
  reasoning_written      TEXT,
  override               TEXT,
  loss_fen               BIGINT,
  compensated_fen        BIGINT,
  decision_id            BIGINT NOT NULL REFERENCES decisions (id),
  proposed_by            BIGINT NOT NULL REFERENCES users (id),
  approved_by            BIGINT NOT NULL REFERENCES users (id),
  determined_at          BIGINT NOT NULL,
  CHECK ((override IS NULL) = (determination = computed))
);
CREATE INDEX fault_tolerance_project ON fault_tolerance_determinations (project_id, id);
