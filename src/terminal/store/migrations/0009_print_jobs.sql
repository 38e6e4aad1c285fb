-- Tillpoint schema 9: receipts on thermal printers.
-- One row per receipt (or drawer pulse) for one printer, written in the same transaction as the sale or
-- refund it prints, so a commit always has its receipt queued and a rollback never prints one.
-- state: queued (waiting, maybe for a printer that is off: next_attempt_at), sending (marked and
-- committed just before the bytes go out), printed, or cancelled (its printer left printers.json).
CREATE TABLE print_jobs (
  id INTEGER PRIMARY KEY,
  printer_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'reprint', 'drawer')),
  sale_id TEXT REFERENCES sales (id),
  -- the receiptline document as built when the job was queued; NULL for a drawer pulse alone
  document TEXT,
  -- 1: send ESC p (the cash drawer) with this job
  drawer INTEGER NOT NULL DEFAULT 0 CHECK (drawer IN (0, 1)),
  reason TEXT,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'printed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  printed_at TEXT,
  CHECK (document IS NOT NULL OR drawer = 1)
) STRICT;
CREATE INDEX print_jobs_waiting ON print_jobs (printer_id, id) WHERE state IN ('queued', 'sending');
CREATE INDEX print_jobs_sale ON print_jobs (sale_id) WHERE sale_id IS NOT NULL;
