-- Tillpoint schema 3 (issue 4): membership customers and closed-loop stored-value cards.

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- the card's UID (upper-case hex): a lookup hint, never proof of anything (a UID can be copied)
  card_uid TEXT UNIQUE,
  discount_bps INTEGER NOT NULL DEFAULT 0 CHECK (discount_bps BETWEEN 0 AND 10000),
  points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
  created_at TEXT NOT NULL
) STRICT;

-- ADD COLUMN with REFERENCES is allowed when the default is NULL (https://sqlite.org/lang_altertable.html)
ALTER TABLE sales ADD COLUMN customer_id TEXT REFERENCES customers (id);
ALTER TABLE sales ADD COLUMN points_earned INTEGER NOT NULL DEFAULT 0 CHECK (points_earned >= 0);

-- Every debit and top-up of a stored-value card, with the card's counter before and after, so the hub can
-- reconcile balances and spot clones. A row is 'pending' from before the card is written until the write
-- is known to have landed (committed) or not (aborted); 'abandoned' means the cashier gave up on a write
-- whose outcome is unknown: the next tap of that card settles it.
CREATE TABLE sv_transactions (
  id TEXT PRIMARY KEY,
  card_uid TEXT NOT NULL,
  scheme_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('debit', 'topup', 'credit-back')),
  sale_id TEXT REFERENCES sales (id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  balance_before INTEGER NOT NULL CHECK (balance_before >= 0),
  balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
  -- -1 before: the top-up issued a blank card
  counter_before INTEGER NOT NULL CHECK (counter_before >= -1),
  counter_after INTEGER NOT NULL CHECK (counter_after > counter_before),
  state TEXT NOT NULL CHECK (state IN ('pending', 'committed', 'aborted', 'abandoned')),
  -- top-up: the cash handed over and the change
  tendered INTEGER CHECK (tendered IS NULL OR tendered >= amount),
  change INTEGER CHECK (change IS NULL OR change >= 0),
  terminal_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((kind = 'debit') = (sale_id IS NOT NULL)),
  CHECK ((kind = 'topup') = (tendered IS NOT NULL AND change IS NOT NULL))
) STRICT;
-- a card has at most one write whose outcome is not known
CREATE UNIQUE INDEX sv_transactions_one_open ON sv_transactions (card_uid)
  WHERE state IN ('pending', 'abandoned');
CREATE INDEX sv_transactions_card ON sv_transactions (card_uid, counter_after);
CREATE INDEX sv_transactions_sale ON sv_transactions (sale_id) WHERE sale_id IS NOT NULL;

-- The highest counter this till has seen on each card: a card showing an older record is a replay or a clone.
CREATE TABLE sv_cards (
  card_uid TEXT PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  last_counter INTEGER NOT NULL CHECK (last_counter >= 0),
  last_balance INTEGER NOT NULL CHECK (last_balance >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  updated_at TEXT NOT NULL
) STRICT;

-- payments gains stored-value rows: rebuilt, as in 0002 (SQLite cannot change a CHECK in place).
CREATE TABLE payments_v3 (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  method TEXT NOT NULL CHECK (method IN ('cash', 'wallet', 'stored-value')),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  tendered INTEGER CHECK (tendered IS NULL OR tendered >= 0),
  change INTEGER CHECK (change IS NULL OR change >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  created_at TEXT NOT NULL,
  attempt_id TEXT UNIQUE REFERENCES payment_attempts (id),
  wallet TEXT,
  provider_id TEXT,
  confirmation TEXT CHECK (confirmation IS NULL OR confirmation IN ('provider', 'cashier')),
  promotion_label TEXT,
  promotion_discount INTEGER CHECK (promotion_discount IS NULL OR promotion_discount >= 0),
  -- stored-value only; UNIQUE: a card transaction pays a sale at most once
  sv_transaction_id TEXT UNIQUE REFERENCES sv_transactions (id),
  CHECK ((method = 'cash') = (tendered IS NOT NULL AND change IS NOT NULL)),
  CHECK ((method = 'wallet') = (attempt_id IS NOT NULL AND wallet IS NOT NULL AND provider_id IS NOT NULL
    AND confirmation IS NOT NULL)),
  CHECK ((method = 'stored-value') = (sv_transaction_id IS NOT NULL))
) STRICT;
INSERT INTO payments_v3 (id, sale_id, method, amount, tendered, change, currency, created_at, attempt_id, wallet,
    provider_id, confirmation, promotion_label, promotion_discount)
  SELECT id, sale_id, method, amount, tendered, change, currency, created_at, attempt_id, wallet, provider_id,
    confirmation, promotion_label, promotion_discount FROM payments;
DROP TABLE payments;
ALTER TABLE payments_v3 RENAME TO payments;
CREATE INDEX payments_sale ON payments (sale_id);
