-- Tillpoint schema 4 (issue 5): the outbox's way to the hub.

-- The outbox gets 'resolved' (a parked entry settled by a manager, kept with the note), the hub's receipt
-- (hub_seq, sent_at) and the hub's reason for a parked entry. Rebuilt because a CHECK cannot be altered.
CREATE TABLE outbox_v4 (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'parked', 'resolved')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT,
  -- {code, message}: the hub's reason (parked) or the last transport error (queued)
  last_error TEXT CHECK (last_error IS NULL OR json_valid(last_error)),
  created_at TEXT NOT NULL,
  sent_at TEXT,
  hub_seq INTEGER,
  resolution TEXT,
  resolved_at TEXT,
  CHECK ((state = 'sent') = (sent_at IS NOT NULL)),
  CHECK ((state = 'resolved') = (resolution IS NOT NULL))
) STRICT;
INSERT INTO outbox_v4 (id, idempotency_key, kind, payload, state, attempts, next_attempt_at, last_error, created_at, sent_at)
  SELECT id, idempotency_key, kind, payload,
         CASE state WHEN 'sending' THEN 'queued' ELSE state END,
         attempts, next_attempt_at,
         CASE WHEN last_error IS NULL THEN NULL ELSE json_object('code', 'sync.error', 'message', last_error) END,
         created_at,
         CASE state WHEN 'sent' THEN created_at END
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
-- the sender's scan: queued rows in id order
CREATE INDEX outbox_queued ON outbox (id) WHERE state = 'queued';
CREATE INDEX outbox_unsent_created ON outbox (created_at) WHERE state IN ('queued', 'parked');

-- The one hub this terminal is enrolled with, and the sync client's state (all of it lives here, so a
-- restart resumes exactly where the last run stopped).
CREATE TABLE hub_link (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hub_url TEXT NOT NULL,
  hub_terminal_id TEXT NOT NULL,
  -- the HMAC key the hub gave at enrollment (base64url); this file is the terminal's identity
  secret TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  catalog_cursor TEXT NOT NULL DEFAULT '0',
  last_sync_at TEXT,
  last_attempt_at TEXT,
  -- consecutive failed rounds: the backoff's exponent
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  next_attempt_at TEXT,
  network TEXT NOT NULL DEFAULT 'unknown' CHECK (network IN ('unknown', 'online', 'offline')),
  last_error TEXT CHECK (last_error IS NULL OR json_valid(last_error))
) STRICT;

-- Configuration the hub pushed (config.set), by key; the newest seq wins.
CREATE TABLE terminal_config (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value)),
  seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
