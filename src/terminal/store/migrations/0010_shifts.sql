-- Tillpoint schema 10: shifts, the cash drawer's movements and the Z report's sequence.
-- A shift runs from the opening float to the close's blind count. Money is INTEGER minor units of currency.
CREATE TABLE shifts (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  opened_at TEXT NOT NULL,
  -- the staff signed in at the open and the close (NULL on a till without staff); names as they were then
  opened_by TEXT,
  opened_by_name TEXT,
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  -- [{value, count}] by denomination, largest first
  opening_count TEXT NOT NULL CHECK (json_valid(opening_count)),
  closed_at TEXT,
  closed_by TEXT,
  closed_by_name TEXT,
  counted INTEGER CHECK (counted IS NULL OR counted >= 0),
  closing_count TEXT CHECK (closing_count IS NULL OR json_valid(closing_count)),
  expected INTEGER,
  variance INTEGER,
  note TEXT,
  z_number INTEGER UNIQUE,
  -- the Z report as closed (what the shift.closed outbox entry carries)
  z_report TEXT CHECK (z_report IS NULL OR json_valid(z_report)),
  CHECK ((state = 'closed') = (closed_at IS NOT NULL AND counted IS NOT NULL AND z_number IS NOT NULL
    AND z_report IS NOT NULL))
) STRICT;
-- one open shift per till
CREATE UNIQUE INDEX shifts_one_open ON shifts (state) WHERE state = 'open';

-- Cash put in or taken out of the drawer, and drawer opens without a sale (amount 0), each with who did it.
CREATE TABLE cash_movements (
  id TEXT PRIMARY KEY,
  shift_id TEXT NOT NULL REFERENCES shifts (id),
  kind TEXT NOT NULL CHECK (kind IN ('in', 'out', 'no-sale')),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  staff_id TEXT,
  staff_name TEXT,
  at TEXT NOT NULL,
  CHECK ((kind = 'no-sale') = (amount = 0))
) STRICT;
CREATE INDEX cash_movements_shift ON cash_movements (shift_id, kind);

-- The last Z number given. Its own row, never derived from shifts, so deleting shifts never reuses a number.
CREATE TABLE z_sequence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last INTEGER NOT NULL CHECK (last >= 0)
) STRICT;
INSERT INTO z_sequence (id, last) VALUES (1, 0);
CREATE TRIGGER z_sequence_never_back BEFORE UPDATE ON z_sequence WHEN NEW.last < OLD.last
BEGIN
  SELECT RAISE(ABORT, 'the Z sequence never goes back');
END;

-- What belongs to which shift: the shift open when a sale completed or was voided, a refund was paid, a
-- card was topped up. Set by triggers in the same transaction as the change, so no code path can forget it;
-- no REFERENCES, so a shift removed by hand does not take its sales with it. NULL: no shift was open (then
-- the triggers do nothing, so a till without shifts pays one indexed look-up per sale).
ALTER TABLE sales ADD COLUMN shift_id TEXT;
ALTER TABLE refunds ADD COLUMN shift_id TEXT;
ALTER TABLE sv_transactions ADD COLUMN shift_id TEXT;
CREATE INDEX sales_shift ON sales (shift_id, state) WHERE shift_id IS NOT NULL;
CREATE INDEX refunds_shift ON refunds (shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX sv_transactions_shift ON sv_transactions (shift_id) WHERE shift_id IS NOT NULL;

CREATE TRIGGER sales_into_shift AFTER UPDATE OF state ON sales
  WHEN NEW.state IN ('completed', 'voided') AND NEW.shift_id IS NULL
    AND EXISTS (SELECT 1 FROM shifts WHERE state = 'open')
BEGIN
  UPDATE sales SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;
CREATE TRIGGER refunds_into_shift_insert AFTER INSERT ON refunds
  WHEN NEW.state = 'refunded' AND EXISTS (SELECT 1 FROM shifts WHERE state = 'open')
BEGIN
  UPDATE refunds SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;
CREATE TRIGGER refunds_into_shift_update AFTER UPDATE OF state ON refunds
  WHEN NEW.state = 'refunded' AND NEW.shift_id IS NULL AND EXISTS (SELECT 1 FROM shifts WHERE state = 'open')
BEGIN
  UPDATE refunds SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;
CREATE TRIGGER sv_into_shift_insert AFTER INSERT ON sv_transactions
  WHEN NEW.kind = 'topup' AND NEW.state = 'committed' AND EXISTS (SELECT 1 FROM shifts WHERE state = 'open')
BEGIN
  UPDATE sv_transactions SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;
CREATE TRIGGER sv_into_shift_update AFTER UPDATE OF state ON sv_transactions
  WHEN NEW.kind = 'topup' AND NEW.state = 'committed' AND NEW.shift_id IS NULL
    AND EXISTS (SELECT 1 FROM shifts WHERE state = 'open')
BEGIN
  UPDATE sv_transactions SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;

-- Running totals of each shift, kept by triggers as sales complete, so an X report reads a few dozen rows
-- instead of aggregating every sale (100,000 sales in a shift: under 50 ms). kind/key/name:
--   sales  ''                  count, amount = totals, extra = discounts, first/last receipt number
--   hour   'YYYY-MM-DDTHH' UTC count, amount = totals
--   tax    tax_rate_id         amount = line totals, extra = tax
--   tender cash | wallet | stored-value | bank-qr, name = wallet or bank QR scheme; count, amount = paid
--   promotion label            count, amount = promotion discounts
CREATE TABLE shift_tally (
  shift_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sales', 'hour', 'tax', 'tender', 'promotion')),
  key TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL DEFAULT 0,
  amount INTEGER NOT NULL DEFAULT 0,
  extra INTEGER NOT NULL DEFAULT 0,
  first INTEGER,
  last INTEGER,
  PRIMARY KEY (shift_id, kind, key, name)
) STRICT;

-- A completed sale joins its shift: its totals, hour, tax by rate, and the payments already written. A
-- payment written after the sale completed is counted by payments_tally instead (never both: this one
-- sees only payments that exist when the sale joins, that one only sales that already joined).
CREATE TRIGGER sales_tally AFTER UPDATE OF shift_id ON sales
  WHEN OLD.shift_id IS NULL AND NEW.shift_id IS NOT NULL AND NEW.state = 'completed'
BEGIN
  INSERT INTO shift_tally (shift_id, kind, key, count, amount, extra, first, last)
    VALUES (NEW.shift_id, 'sales', '', 1, NEW.total, NEW.discount, NEW.number, NEW.number)
    ON CONFLICT (shift_id, kind, key, name) DO UPDATE SET count = count + 1, amount = amount + excluded.amount,
      extra = extra + excluded.extra, first = min(first, excluded.first), last = max(last, excluded.last);
  INSERT INTO shift_tally (shift_id, kind, key, count, amount)
    VALUES (NEW.shift_id, 'hour', substr(NEW.completed_at, 1, 13), 1, NEW.total)
    ON CONFLICT (shift_id, kind, key, name) DO UPDATE SET count = count + 1, amount = amount + excluded.amount;
  -- WHERE true: an INSERT ... SELECT with an upsert needs one (https://sqlite.org/lang_upsert.html)
  INSERT INTO shift_tally (shift_id, kind, key, count, amount, extra)
    SELECT NEW.shift_id, 'tax', tax_rate_id, 1, sum(total), sum(tax) FROM sale_lines
    WHERE sale_id = NEW.id GROUP BY tax_rate_id
    ON CONFLICT (shift_id, kind, key, name) DO UPDATE SET count = count + 1, amount = amount + excluded.amount,
      extra = extra + excluded.extra;
  INSERT INTO shift_tally (shift_id, kind, key, name, count, amount)
    SELECT NEW.shift_id, 'tender',
      CASE WHEN p.method <> 'wallet' THEN p.method
        WHEN (SELECT a.kind FROM payment_attempts a WHERE a.id = p.attempt_id) = 'static-qr' THEN 'bank-qr'
        ELSE 'wallet' END,
      coalesce(p.wallet, ''), 1, p.amount
    FROM payments p WHERE p.sale_id = NEW.id
    ON CONFLICT (shift_id, kind, key, name) DO UPDATE SET count = count + 1, amount = amount + excluded.amount;
  INSERT INTO shift_tally (shift_id, kind, key, count, amount)
    SELECT NEW.shift_id, 'promotion', p.promotion_label, 1, coalesce(p.promotion_discount, 0)
    FROM payments p WHERE p.sale_id = NEW.id AND p.promotion_label IS NOT NULL
    ON CONFLICT (shift_id, kind, key, name) DO UPDATE SET count = count + 1, amount = amount + excluded.amount;
END;
CREATE TRIGGER payments_tally AFTER INSERT ON payments
  WHEN (SELECT shift_id FROM sales WHERE id = NEW.sale_id) IS NOT NULL
BEGIN
  INSERT INTO shift_tally (shift_id, kind, key, name, count, amount)
    SELECT s.shift_id, 'tender',
      CASE WHEN NEW.method <> 'wallet' THEN NEW.method
        WHEN (SELECT a.kind FROM payment_attempts a WHERE a.id = NEW.attempt_id) = 'static-qr' THEN 'bank-qr'
        ELSE 'wallet' END,
      coalesce(NEW.wallet, ''), 1, NEW.amount
    FROM sales s WHERE s.id = NEW.sale_id
    ON CONFLICT (shift_id, kind, key, name) DO UPDATE SET count = count + 1, amount = amount + excluded.amount;
  INSERT INTO shift_tally (shift_id, kind, key, count, amount)
    SELECT s.shift_id, 'promotion', NEW.promotion_label, 1, coalesce(NEW.promotion_discount, 0)
    FROM sales s WHERE s.id = NEW.sale_id AND NEW.promotion_label IS NOT NULL
    ON CONFLICT (shift_id, kind, key, name) DO UPDATE SET count = count + 1, amount = amount + excluded.amount;
END;
