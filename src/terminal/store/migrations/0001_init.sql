-- Tillpoint schema 1. Tables are STRICT (https://sqlite.org/stricttables.html); money is INTEGER minor units
-- of the row's ISO 4217 currency, never REAL.

CREATE TABLE terminal (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  terminal_id TEXT NOT NULL,
  name TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  locale TEXT NOT NULL,
  last_receipt_number INTEGER NOT NULL DEFAULT 0 CHECK (last_receipt_number >= 0),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE categories (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE tax_rates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  rate_bps INTEGER NOT NULL CHECK (rate_bps >= 0),
  inclusive INTEGER NOT NULL CHECK (inclusive IN (0, 1))
) STRICT;

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  barcode TEXT,
  category_id TEXT NOT NULL REFERENCES categories (id),
  price INTEGER NOT NULL CHECK (price >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  tax_rate_id TEXT NOT NULL REFERENCES tax_rates (id)
) STRICT;
CREATE UNIQUE INDEX products_barcode ON products (barcode) WHERE barcode IS NOT NULL;
CREATE INDEX products_category ON products (category_id);

CREATE TABLE sales (
  id TEXT PRIMARY KEY,
  number INTEGER UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('open', 'completed', 'voided')),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  created_at TEXT NOT NULL,
  completed_at TEXT,
  voided_at TEXT,
  -- DiscountDto as JSON, NULL when none
  ticket_discount TEXT CHECK (ticket_discount IS NULL OR json_valid(ticket_discount)),
  subtotal INTEGER NOT NULL DEFAULT 0,
  discount INTEGER NOT NULL DEFAULT 0,
  tax INTEGER NOT NULL DEFAULT 0,
  tax_added INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  -- the per-rate tax summary printed on the receipt, as JSON
  taxes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(taxes)),
  CHECK ((state = 'completed') = (number IS NOT NULL AND completed_at IS NOT NULL)),
  CHECK ((state = 'voided') = (voided_at IS NOT NULL))
) STRICT;
-- a terminal has at most one open ticket
CREATE UNIQUE INDEX sales_one_open ON sales (state) WHERE state = 'open';
CREATE INDEX sales_finished ON sales (coalesce(completed_at, voided_at)) WHERE state <> 'open';

CREATE TABLE sale_lines (
  sale_id TEXT NOT NULL REFERENCES sales (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE,
  -- a snapshot of the product as sold: later catalog edits never change a sale
  product_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  barcode TEXT,
  category_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  unit_price INTEGER NOT NULL,
  discount TEXT CHECK (discount IS NULL OR json_valid(discount)),
  gross INTEGER NOT NULL,
  line_discount INTEGER NOT NULL,
  ticket_discount_share INTEGER NOT NULL,
  net INTEGER NOT NULL,
  tax_rate_id TEXT NOT NULL,
  tax_inclusive INTEGER NOT NULL CHECK (tax_inclusive IN (0, 1)),
  tax INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (sale_id, position)
) STRICT;
CREATE INDEX sale_lines_barcode ON sale_lines (barcode);
CREATE INDEX sale_lines_sku ON sale_lines (sku);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  method TEXT NOT NULL CHECK (method IN ('cash')),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  tendered INTEGER NOT NULL CHECK (tendered >= 0),
  change INTEGER NOT NULL CHECK (change >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX payments_sale ON payments (sale_id);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'parked')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_pending ON outbox (state, next_attempt_at) WHERE state <> 'sent';

-- Append-only: the triggers refuse edits, so the journal stays an honest record of what happened.
CREATE TABLE journal (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  sale_id TEXT,
  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data))
) STRICT;
CREATE INDEX journal_sale ON journal (sale_id);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only');
END;
