-- Tillpoint schema 9: shifts, the cash drawer's movements and the Z report's sequence.
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
-- no REFERENCES, so a shift removed by hand does not take its sales with it. NULL: no shift was open.
ALTER TABLE sales ADD COLUMN shift_id TEXT;
ALTER TABLE refunds ADD COLUMN shift_id TEXT;
ALTER TABLE sv_transactions ADD COLUMN shift_id TEXT;
CREATE INDEX sales_shift ON sales (shift_id, state) WHERE shift_id IS NOT NULL;
CREATE INDEX refunds_shift ON refunds (shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX sv_transactions_shift ON sv_transactions (shift_id) WHERE shift_id IS NOT NULL;

CREATE TRIGGER sales_into_shift AFTER UPDATE OF state ON sales
  WHEN NEW.state IN ('completed', 'voided') AND NEW.shift_id IS NULL
BEGIN
  UPDATE sales SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;
CREATE TRIGGER refunds_into_shift_insert AFTER INSERT ON refunds WHEN NEW.state = 'refunded'
BEGIN
  UPDATE refunds SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;
CREATE TRIGGER refunds_into_shift_update AFTER UPDATE OF state ON refunds
  WHEN NEW.state = 'refunded' AND NEW.shift_id IS NULL
BEGIN
  UPDATE refunds SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;
CREATE TRIGGER sv_into_shift_insert AFTER INSERT ON sv_transactions
  WHEN NEW.kind = 'topup' AND NEW.state = 'committed'
BEGIN
  UPDATE sv_transactions SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;
CREATE TRIGGER sv_into_shift_update AFTER UPDATE OF state ON sv_transactions
  WHEN NEW.kind = 'topup' AND NEW.state = 'committed' AND NEW.shift_id IS NULL
BEGIN
  UPDATE sv_transactions SET shift_id = (SELECT id FROM shifts WHERE state = 'open') WHERE id = NEW.id;
END;
