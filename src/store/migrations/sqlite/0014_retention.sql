-- Retention and legal hold (docs/OPERATIONS.md). The bytes of an attachment may be purged once
-- every project that refers to them has ended longer ago than the retention set for that kind
-- of attachment, and no legal hold is on any of those projects. A purge empties the bytes and
-- keeps the row, its hash and its size; it is itself an event. Nothing of the event chain is
-- ever deleted.
ALTER TABLE blobs ADD COLUMN purged_at INTEGER;

-- A legal hold on a project: while it is not released, nothing of the project is purged. Who
-- placed or released it: a user, or NULL for the command line (the event's actor says "cli").
CREATE TABLE legal_holds (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id     INTEGER NOT NULL REFERENCES projects (id),
  reason         TEXT NOT NULL,
  placed_by      INTEGER REFERENCES users (id),
  placed_at      INTEGER NOT NULL,
  released_by    INTEGER REFERENCES users (id),
  released_at    INTEGER,
  release_reason TEXT,
  CHECK ((released_at IS NULL) = (release_reason IS NULL))
) STRICT;
CREATE INDEX legal_holds_project ON legal_holds (project_id, id);
