-- Expert review (§4.1): recusal is the working group's decision. An applicant's request that a
-- named expert not review its application takes effect (as a conflict of source 'applicant')
-- only when an officer grants it; after scoring opens only an officer removes a submitted
-- sheet from the figures, with a reason that the selection decision carries as evidence.
-- PostgreSQL: the same tables as migrations/sqlite/0005_recusal.sql.

-- expert_id is the user the applicant named, in the pool or not: the answer does not tell.
CREATE TABLE recusal_requests (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id      BIGINT NOT NULL REFERENCES projects (id),
  expert_id       BIGINT NOT NULL,
  reason          TEXT NOT NULL,
  requested_by    BIGINT NOT NULL REFERENCES users (id),
  requested_at    BIGINT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'granted', 'denied')),
  decided_by      BIGINT REFERENCES users (id),
  decided_at      BIGINT,
  decision_reason TEXT
);
CREATE INDEX recusal_requests_project ON recusal_requests (project_id, id);
-- One live request per expert and project (a denied one may be asked again).
CREATE UNIQUE INDEX recusal_requests_live ON recusal_requests (project_id, expert_id)
  WHERE status <> 'denied';

CREATE TABLE sheet_exclusions (
  project_id  BIGINT NOT NULL,
  expert_id   BIGINT NOT NULL,
  reason      TEXT NOT NULL,
  excluded_by BIGINT NOT NULL REFERENCES users (id),
  excluded_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, expert_id),
  FOREIGN KEY (project_id, expert_id) REFERENCES score_sheets (project_id, expert_id)
);
