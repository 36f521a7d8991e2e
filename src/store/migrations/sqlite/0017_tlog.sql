-- The public transparency log (docs/TRANSPARENCY.md): an RFC 9162 Merkle tree of the records
-- the public already sees and of anchors of the private event chain, with signed tree heads
-- that anyone can check and independent witnesses can co-sign. Leaves and heads are
-- append-only, as events are (triggers below).

-- The hash of the tree, fixed when its first leaf is appended ("sha256" or "sm3"): one row.
CREATE TABLE log_params (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  hash       TEXT NOT NULL CHECK (hash IN ('sha256', 'sm3')),
  created_at INTEGER NOT NULL
) STRICT;

-- One leaf: its bytes (canonical JSON text), H(0x00 || bytes) in hex, its type ("record" or
-- "chain_head"), the event kind of a record, and the event it covers (a record's own event,
-- an anchor's chain head). idx is assigned under the chain's write lock: dense, from 0.
CREATE TABLE log_leaves (
  idx        INTEGER PRIMARY KEY CHECK (idx >= 0),
  leaf_input TEXT NOT NULL,
  leaf_hash  TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('record', 'chain_head')),
  kind       TEXT,
  event_seq  INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX log_leaves_hash ON log_leaves (leaf_hash);
CREATE INDEX log_leaves_event ON log_leaves (event_seq, idx);

-- The roots of complete subtrees (2^level leaves from idx << level), kept as the log grows so
-- that a root or a proof reads O(log n) rows, never every leaf. A cache: derived from the
-- leaves, never changed.
CREATE TABLE log_nodes (
  level INTEGER NOT NULL CHECK (level >= 1),
  idx   INTEGER NOT NULL CHECK (idx >= 0),
  hash  TEXT NOT NULL,
  PRIMARY KEY (level, idx)
) STRICT;

-- A signed tree head for every size the log has rested at.
CREATE TABLE log_heads (
  tree_size  INTEGER PRIMARY KEY CHECK (tree_size >= 0),
  timestamp_ms INTEGER NOT NULL,
  root_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL,
  algorithm  TEXT NOT NULL,
  public_key TEXT NOT NULL,
  signature  TEXT NOT NULL
) STRICT;

-- Independent witnesses: their keys, registered by an administrator.
CREATE TABLE log_witnesses (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL UNIQUE,
  algorithm  TEXT NOT NULL CHECK (algorithm IN ('ed25519', 'sm2')),
  public_key TEXT NOT NULL,
  added_at   INTEGER NOT NULL
) STRICT;

-- A witness's signature of the head of one size (signed_at in µs, as every time here; the API
-- gives milliseconds, as a head's timestamp).
CREATE TABLE log_cosignatures (
  tree_size  INTEGER NOT NULL REFERENCES log_heads (tree_size),
  witness_id INTEGER NOT NULL REFERENCES log_witnesses (id),
  signature  TEXT NOT NULL,
  signed_at  INTEGER NOT NULL,
  PRIMARY KEY (tree_size, witness_id)
) STRICT;

CREATE TRIGGER log_params_no_update BEFORE UPDATE ON log_params
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_params_no_delete BEFORE DELETE ON log_params
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_leaves_no_update BEFORE UPDATE ON log_leaves
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_leaves_no_delete BEFORE DELETE ON log_leaves
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_heads_no_update BEFORE UPDATE ON log_heads
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_heads_no_delete BEFORE DELETE ON log_heads
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
