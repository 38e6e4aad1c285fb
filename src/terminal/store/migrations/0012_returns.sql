-- Tillpoint schema 12: partial returns (sale.return). A return names the lines (and quantities) that came
-- back and what they paid back; its money goes back as refund rows (refunds.return_id, schema 11), one per
-- payment paid back, written in the return's own transaction.
CREATE TABLE returns (
  -- made once by the screen that asked, so a retried call answers the same return
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  currency TEXT NOT NULL,
  reason TEXT NOT NULL,
  -- membership points taken back with it
  points_reversed INTEGER NOT NULL DEFAULT 0 CHECK (points_reversed >= 0),
  -- cash paid out while the sale had not reached the hub (the offline policy caps it per shift)
  unsynced_cash INTEGER NOT NULL DEFAULT 0 CHECK (unsynced_cash >= 0),
  staff_id TEXT,
  staff_name TEXT,
  -- the shift open when it was made (NULL on a till without one open)
  shift_id TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX returns_sale ON returns (sale_id, created_at);
CREATE INDEX returns_shift ON returns (shift_id) WHERE shift_id IS NOT NULL;

CREATE TABLE return_lines (
  return_id TEXT NOT NULL REFERENCES returns (id),
  line_id TEXT NOT NULL REFERENCES sale_lines (id),
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (return_id, line_id)
) STRICT;
CREATE INDEX return_lines_line ON return_lines (line_id);

-- The last guard: however a return is made, a line never comes back more often than it was sold.
CREATE TRIGGER return_lines_cap BEFORE INSERT ON return_lines
  WHEN NEW.quantity + coalesce((SELECT sum(quantity) FROM return_lines WHERE line_id = NEW.line_id), 0)
    > (SELECT quantity FROM sale_lines WHERE id = NEW.line_id)
BEGIN
  SELECT RAISE(ABORT, 'return_lines: more units returned than were sold');
END;
-- returns are history: never edited or deleted
CREATE TRIGGER returns_no_update BEFORE UPDATE ON returns
BEGIN
  SELECT RAISE(ABORT, 'returns are never changed');
END;
CREATE TRIGGER returns_no_delete BEFORE DELETE ON returns
BEGIN
  SELECT RAISE(ABORT, 'returns are never deleted');
END;
CREATE TRIGGER return_lines_no_change BEFORE UPDATE ON return_lines
BEGIN
  SELECT RAISE(ABORT, 'return lines are never changed');
END;
