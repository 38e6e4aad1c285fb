-- Offline payment codes the terminals took (entries of kind offline_code.captured), one row per record,
-- and what the issuer answered: pending until it answers, then accepted or rejected with its reason. A
-- rejected record is money the merchant gave goods for and will not get: the debt in
-- `tillpoint hub report --offline-codes`. record_id is the issuer's idempotency key.
CREATE TABLE offline_code_records (
  record_id TEXT PRIMARY KEY,
  hub_seq INTEGER NOT NULL UNIQUE,
  terminal_id TEXT NOT NULL,
  sale_id TEXT NOT NULL,
  issuer_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  counter INTEGER NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  captured_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  settled_at TEXT,
  CHECK ((status = 'pending') = (settled_at IS NULL))
) STRICT;
CREATE INDEX offline_code_records_pending ON offline_code_records (hub_seq) WHERE status = 'pending';
