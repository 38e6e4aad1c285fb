-- Tillpoint schema 13: who took each sale's payment, and Z/X reports on the receipt printer.
-- The member of staff signed in on the screen that took the payment, with the name as it was then (the
-- receipt's cashier); NULL on a till without staff and on sales completed before this version.
ALTER TABLE sales ADD COLUMN staff_id TEXT;
ALTER TABLE sales ADD COLUMN staff_name TEXT;

-- print_jobs gains the kind 'report' (a shift's X or Z report, which has no sale) and the shift it prints.
-- SQLite cannot change a CHECK in place: the table is rebuilt with its rows (https://sqlite.org/lang_altertable.html).
CREATE TABLE print_jobs_13 (
  id INTEGER PRIMARY KEY,
  printer_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'reprint', 'drawer', 'report')),
  sale_id TEXT REFERENCES sales (id),
  shift_id TEXT,
  document TEXT,
  drawer INTEGER NOT NULL DEFAULT 0 CHECK (drawer IN (0, 1)),
  reason TEXT,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'printed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  printed_at TEXT,
  CHECK (document IS NOT NULL OR drawer = 1),
  CHECK ((kind = 'report') = (shift_id IS NOT NULL))
) STRICT;
INSERT INTO print_jobs_13 (id, printer_id, kind, sale_id, document, drawer, reason, state, attempts,
    next_attempt_at, last_error, created_at, printed_at)
  SELECT id, printer_id, kind, sale_id, document, drawer, reason, state, attempts, next_attempt_at, last_error,
    created_at, printed_at FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_13 RENAME TO print_jobs;
CREATE INDEX print_jobs_waiting ON print_jobs (printer_id, id) WHERE state IN ('queued', 'sending');
CREATE INDEX print_jobs_sale ON print_jobs (sale_id) WHERE sale_id IS NOT NULL;
