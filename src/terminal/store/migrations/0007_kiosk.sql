-- Tillpoint schema 7: the self-service kiosk and the receipt code.
-- The staff PIN as an scrypt hash with its own random salt (never the PIN itself); one row.
CREATE TABLE kiosk_staff_pin (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hash BLOB NOT NULL,
  salt BLOB NOT NULL CHECK (length(salt) = 16),
  -- the scrypt cost the hash was made with ({"N", "r", "p", "keylen"}), so it can be raised later
  params TEXT NOT NULL CHECK (json_valid(params)),
  set_at TEXT NOT NULL
) STRICT;
-- Wrong staff PINs in a row and the lockout they caused: committed before the kiosk is answered, so a
-- restart (or a kill) never gives back tries.
CREATE TABLE kiosk_pin_tries (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until TEXT,
  last_failure_at TEXT
) STRICT;
-- The customer's Call staff and the automatic requests for items that need a staff check; at most one
-- open at a time. sale_id: the basket it was raised for (NULL: before the first item).
CREATE TABLE kiosk_help_requests (
  id TEXT PRIMARY KEY,
  sale_id TEXT REFERENCES sales (id),
  reason TEXT NOT NULL CHECK (reason IN ('customer', 'needsStaff')),
  line_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(line_ids)),
  raised_at TEXT NOT NULL,
  cleared_at TEXT,
  cleared_by TEXT CHECK (cleared_by IN ('staff', 'completed', 'voided', 'removed')),
  CHECK ((cleared_at IS NULL) = (cleared_by IS NULL))
) STRICT;
CREATE UNIQUE INDEX kiosk_help_one_open ON kiosk_help_requests (cleared_at IS NULL) WHERE cleared_at IS NULL;
-- Sale lines staff checked (age, weight, value) with the PIN; a line keeps its approval when its quantity changes.
CREATE TABLE kiosk_line_approvals (
  line_id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  approved_at TEXT NOT NULL
) STRICT;
-- what the customer keeps to find the sale again (src/core/receipt-code.ts), given when it completes
ALTER TABLE sales ADD COLUMN receipt_code TEXT;
CREATE UNIQUE INDEX sales_receipt_code ON sales (receipt_code) WHERE receipt_code IS NOT NULL;
