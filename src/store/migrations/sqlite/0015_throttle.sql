-- Failed log-ins and anonymous writes, counted in the store rather than in each node's memory,
-- so that the limits hold across every node and across restarts (docs/SECURITY.md). A row is
-- one hit of a key ("u:NAME" an account, "a:ADDRESS" a client address, ...); rows older than
-- the longest window are swept as new ones come.
CREATE TABLE throttle_hits (
  id  INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  at  INTEGER NOT NULL
) STRICT;
CREATE INDEX throttle_hits_lookup ON throttle_hits (key, at);
CREATE INDEX throttle_hits_at ON throttle_hits (at);
