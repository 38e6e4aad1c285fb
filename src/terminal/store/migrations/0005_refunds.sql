-- Tillpoint schema 5 (issue 5): full refunds of completed sales, only once the sale reached the hub.
-- A wallet refund is written 'pending' before the provider is called (its id is the out_refund_no, so a
-- retry after a lost reply or a crash refunds once), then 'refunded' or 'failed'. A cash refund (cash and
-- stored-value sales) is 'refunded' at once. Becoming 'refunded' commits with its outbox row
-- (sale.refunded, key refund:<id>) and its journal row in one transaction.
CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  -- the payment refunded; no REFERENCES: payments is rebuilt when it gains a tender (0002, 0003), and with
  -- foreign keys on, DROP TABLE of a referenced table fails (https://sqlite.org/foreignkeys.html#fk_schemacommands)
  payment_id TEXT NOT NULL,
  tender TEXT NOT NULL CHECK (tender IN ('cash', 'wallet', 'stored-value')),
  method TEXT NOT NULL CHECK (method IN ('cash', 'wallet')),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  state TEXT NOT NULL CHECK (state IN ('pending', 'refunded', 'failed')),
  -- wallet only: the attempt refunded (the provider's out_trade_no), its wallet and provider
  attempt_id TEXT REFERENCES payment_attempts (id),
  wallet TEXT,
  provider_id TEXT,
  -- failed: the provider's reason; pending: why the last try got no answer
  problem_code TEXT,
  problem_message TEXT,
  -- how many times the provider was asked
  tries INTEGER NOT NULL DEFAULT 0 CHECK (tries >= 0),
  points_reversed INTEGER NOT NULL DEFAULT 0 CHECK (points_reversed >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  refunded_at TEXT,
  CHECK ((state = 'refunded') = (refunded_at IS NOT NULL)),
  CHECK (state <> 'failed' OR problem_code IS NOT NULL),
  CHECK ((method = 'wallet') = (attempt_id IS NOT NULL AND provider_id IS NOT NULL)),
  -- nothing to wait for with cash: it is paid out when it is recorded
  CHECK (method = 'wallet' OR state = 'refunded'),
  CHECK (method = 'cash' OR amount > 0)
) STRICT;
-- a full refund: one per sale, except failed tries (a failed wallet refund moved no money; it may be tried again)
CREATE UNIQUE INDEX refunds_one_per_sale ON refunds (sale_id) WHERE state <> 'failed';
CREATE INDEX refunds_sale ON refunds (sale_id, created_at);
-- what the till retries at start
CREATE INDEX refunds_pending ON refunds (created_at) WHERE state = 'pending';
