-- The hub's first schema (SQLite). Dedupe lives in the UNIQUE constraint on entries, kept forever.
CREATE TABLE terminals (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret TEXT NOT NULL,
  enrolled_at TEXT NOT NULL
) STRICT;

CREATE TABLE enroll_codes (
  code_hash TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  terminal_id TEXT REFERENCES terminals (id)
) STRICT;

CREATE TABLE entries (
  hub_seq INTEGER PRIMARY KEY AUTOINCREMENT,
  terminal_id TEXT NOT NULL REFERENCES terminals (id),
  idempotency_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  payload_sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (terminal_id, idempotency_key)
) STRICT;
