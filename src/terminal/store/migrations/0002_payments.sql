-- Tillpoint schema 2 (issue 3): wallet payment attempts, their transition log, and wallet rows in payments.
-- Every transition of an attempt is committed here before the till shows it or calls the provider again.

CREATE TABLE payment_attempts (
  -- also the provider's out_trade_no: the idempotency key of every charge, query and reverse
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  kind TEXT NOT NULL CHECK (kind IN ('customer-code', 'merchant-qr', 'static-qr')),
  wallet TEXT,
  provider_id TEXT NOT NULL,
  -- what is charged: the sale's total less the tender promotion
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  promotion_label TEXT,
  promotion_discount INTEGER CHECK (promotion_discount IS NULL OR promotion_discount >= 0),
  state TEXT NOT NULL CHECK (
    state IN ('created', 'charging', 'paying', 'succeeded', 'declined', 'unknown', 'reversing', 'reversed')
  ),
  reason_code TEXT,
  reason_message TEXT,
  -- the customer's code masked (first 4 + last 4): the full code is never stored, it expires anyway
  masked_code TEXT,
  qr_payload TEXT,
  qr_expires_at TEXT,
  confirmation TEXT CHECK (confirmation IS NULL OR confirmation IN ('provider', 'cashier')),
  transaction_id TEXT,
  refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded IN (0, 1)),
  -- past this instant a charge that is not paid is reversed by the till on its own
  deadline_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((state = 'succeeded') = (confirmation IS NOT NULL))
) STRICT;
-- a sale has at most one attempt that may still take money (reversing ones are on their way out)
CREATE UNIQUE INDEX payment_attempts_one_active ON payment_attempts (sale_id)
  WHERE state IN ('created', 'charging', 'paying', 'unknown');
CREATE INDEX payment_attempts_unfinished ON payment_attempts (state)
  WHERE state NOT IN ('succeeded', 'declined', 'reversed');

-- Append-only, like the journal: the honest history of every attempt.
CREATE TABLE payment_transitions (
  id INTEGER PRIMARY KEY,
  attempt_id TEXT NOT NULL REFERENCES payment_attempts (id),
  from_state TEXT NOT NULL,
  event TEXT NOT NULL,
  to_state TEXT NOT NULL,
  at TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data))
) STRICT;
CREATE INDEX payment_transitions_attempt ON payment_transitions (attempt_id);
CREATE TRIGGER payment_transitions_no_update BEFORE UPDATE ON payment_transitions
BEGIN
  SELECT RAISE(ABORT, 'the payment transition log is append-only');
END;
CREATE TRIGGER payment_transitions_no_delete BEFORE DELETE ON payment_transitions
BEGIN
  SELECT RAISE(ABORT, 'the payment transition log is append-only');
END;

-- payments gains wallet rows. SQLite cannot change a CHECK in place, so the table is rebuilt
-- (https://sqlite.org/lang_altertable.html#otheralter); nothing references payments, so this is safe
-- with foreign keys on.
CREATE TABLE payments_v2 (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  method TEXT NOT NULL CHECK (method IN ('cash', 'wallet')),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  -- cash only
  tendered INTEGER CHECK (tendered IS NULL OR tendered >= 0),
  change INTEGER CHECK (change IS NULL OR change >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  created_at TEXT NOT NULL,
  -- wallet only; UNIQUE: an attempt pays a sale at most once
  attempt_id TEXT UNIQUE REFERENCES payment_attempts (id),
  wallet TEXT,
  provider_id TEXT,
  confirmation TEXT CHECK (confirmation IS NULL OR confirmation IN ('provider', 'cashier')),
  promotion_label TEXT,
  promotion_discount INTEGER CHECK (promotion_discount IS NULL OR promotion_discount >= 0),
  CHECK ((method = 'cash') = (tendered IS NOT NULL AND change IS NOT NULL)),
  CHECK ((method = 'wallet') = (attempt_id IS NOT NULL AND wallet IS NOT NULL AND provider_id IS NOT NULL
    AND confirmation IS NOT NULL))
) STRICT;
INSERT INTO payments_v2 (id, sale_id, method, amount, tendered, change, currency, created_at)
  SELECT id, sale_id, method, amount, tendered, change, currency, created_at FROM payments;
DROP TABLE payments;
ALTER TABLE payments_v2 RENAME TO payments;
CREATE INDEX payments_sale ON payments (sale_id);
