-- Tillpoint schema 11: split tender (one sale paid in parts), voiding a ticket with paid parts, cash rounding.
-- A sale may now have several refund rows (each paid part of a voided ticket is given back on its own); the
-- one-full-refund rule of sale.refund lives in the refund service.
DROP INDEX IF EXISTS refunds_one_per_sale;
-- the return a refund belongs to (partial returns); NULL for full refunds and voids
ALTER TABLE refunds ADD COLUMN return_id TEXT;
-- cash rounding (抹零) of a cash payment: rounded due - due, minor units, negative when the shop wrote some off
ALTER TABLE payments ADD COLUMN rounding INTEGER NOT NULL DEFAULT 0;

-- shift_tally gains kind 'rounding' (key '': count of rounded cash payments, amount = their rounding).
-- SQLite cannot change a CHECK in place: the table is rebuilt, and the two triggers that write it are
-- dropped first and made again (a rename checks every trigger body against the tables that exist).
DROP TRIGGER sales_tally;
DROP TRIGGER payments_tally;
CREATE TABLE shift_tally_v11 (
  shift_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sales', 'hour', 'tax', 'tender', 'promotion', 'rounding')),
  key TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL DEFAULT 0,
  amount INTEGER NOT NULL DEFAULT 0,
  extra INTEGER NOT NULL DEFAULT 0,
  first INTEGER,
  last INTEGER,
  PRIMARY KEY (shift_id, kind, key, name)
) STRICT;
INSERT INTO shift_tally_v11 SELECT * FROM shift_tally;
DROP TABLE shift_tally;
ALTER TABLE shift_tally_v11 RENAME TO shift_tally;

-- As in schema 10, plus the rounding of the sale's cash payments.
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
  INSERT INTO shift_tally (shift_id, kind, key, count, amount)
    SELECT NEW.shift_id, 'rounding', '', 1, p.rounding
    FROM payments p WHERE p.sale_id = NEW.id AND p.rounding <> 0
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
  INSERT INTO shift_tally (shift_id, kind, key, count, amount)
    SELECT s.shift_id, 'rounding', '', 1, NEW.rounding
    FROM sales s WHERE s.id = NEW.sale_id AND NEW.rounding <> 0
    ON CONFLICT (shift_id, kind, key, name) DO UPDATE SET count = count + 1, amount = amount + excluded.amount;
END;
