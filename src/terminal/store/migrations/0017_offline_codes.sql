-- Tillpoint schema 17: offline payment codes (src/core/offline-code.ts) the till took with no network.
-- One row per code taken: the record the issuer settles later (id: the settlement's idempotency key), the
-- replay guard (a user's counter is taken once per issuer: UNIQUE) and the unsettled spend the caps count.
-- The issuer's public keys are not here: they arrive as the hub's config.set `offline_codes.key.<keyId>`
-- (terminal_config), like every other value the hub publishes.
CREATE TABLE offline_code_captures (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  payment_id TEXT NOT NULL UNIQUE,
  issuer_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  counter INTEGER NOT NULL CHECK (counter >= 0),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  -- the code as scanned: the issuer checks its own signature again before it pays the merchant
  code TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  captured_at TEXT NOT NULL,
  -- what the issuer answered, as the hub passes it back; unsettled until then
  settlement TEXT NOT NULL DEFAULT 'unsettled' CHECK (settlement IN ('unsettled', 'accepted', 'rejected')),
  reject_reason TEXT,
  settled_at TEXT,
  UNIQUE (issuer_id, user_id, counter),
  CHECK ((settlement = 'unsettled') = (settled_at IS NULL))
) STRICT;
CREATE INDEX offline_code_captures_unsettled ON offline_code_captures (issuer_id, user_id)
  WHERE settlement = 'unsettled';
