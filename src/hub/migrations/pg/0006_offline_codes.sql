-- Offline payment codes the terminals took (entries of kind offline_code.captured), one row per record,
-- and what the issuer answered: pending until it answers, then accepted or rejected with its reason. A
-- rejected record is money the merchant gave goods for and will not get: the debt in
-- `tillpoint hub report --offline-codes`. record_id is the issuer's idempotency key.
CREATE TABLE offline_code_records (
  record_id text PRIMARY KEY,
  hub_seq bigint NOT NULL UNIQUE,
  terminal_id text NOT NULL,
  sale_id text NOT NULL,
  issuer_id text NOT NULL,
  key_id text NOT NULL,
  user_id text NOT NULL,
  counter bigint NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  payload jsonb NOT NULL,
  captured_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  reason text,
  attempts integer NOT NULL DEFAULT 0,
  settled_at timestamptz,
  CHECK ((status = 'pending') = (settled_at IS NULL))
);
CREATE INDEX offline_code_records_pending ON offline_code_records (hub_seq) WHERE status = 'pending';
