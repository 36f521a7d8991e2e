-- Idempotency-Key records (docs/API.md): the first answer to a write, kept so that a retry
-- with the same key gets it again and writes nothing. Written in the same transaction as the
-- write itself, so a retry after an unknown commit outcome tells the truth. Not an audit
-- record (the events are): rows older than --idempotency-ttl are deleted.
CREATE TABLE idempotency_keys (
  owner        TEXT NOT NULL,                 -- "user:7", or "address:ADDR" without log-in
  method       TEXT NOT NULL,
  path         TEXT NOT NULL,
  idem_key     TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,                 -- SHA-256 (hex) of the content type and body
  status       INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  location     TEXT,                          -- the Location header of a 201, if any
  body         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (owner, method, path, idem_key)
) STRICT;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
