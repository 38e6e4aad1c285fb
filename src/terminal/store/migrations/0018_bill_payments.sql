-- Tillpoint schema: utility bill payments collected for billers (电费, 水费, 燃气费, 话费充值).
-- bill_billers: the billers the till collects for, as the biller service last listed them (kept so an
-- offline till still knows which billers take a prepayment, 预存, and their account format).
-- bill_payments: one row per lookup the cashier made; the money is taken on a ticket of its own whose one
-- line has product_id 'bill:<id>' (the sale engine's tenders, receipts and outbox carry it unchanged), at the
-- 0 % rate 'bill-collected': collected for the biller, not the shop's revenue. The biller is paid after the
-- ticket completes, with idempotency_key as its out_order_no, so a retry never pays twice.
CREATE TABLE bill_billers (
  id TEXT PRIMARY KEY,
  gln TEXT NOT NULL CHECK (length(gln) = 13),
  kind TEXT NOT NULL CHECK (kind IN ('electricity', 'water', 'gas', 'phone')),
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  account_pattern TEXT NOT NULL,
  prepay INTEGER NOT NULL CHECK (prepay IN (0, 1)),
  denominations TEXT CHECK (denominations IS NULL OR json_valid(denominations)),
  max_prepay INTEGER NOT NULL CHECK (max_prepay > 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  position INTEGER NOT NULL,
  fetched_at TEXT NOT NULL
) STRICT;
CREATE TABLE bill_payments (
  id TEXT PRIMARY KEY,
  biller_id TEXT NOT NULL,
  account TEXT NOT NULL,
  -- 'bill': the bill the biller looked up; 'prepay': money ahead of a bill (the only kind taken offline)
  kind TEXT NOT NULL CHECK (kind IN ('bill', 'prepay')),
  -- quoted: looked up and shown; on_ticket: the customer confirmed, its line is on a ticket; paid: the ticket
  -- completed (the money is in) and the biller is being paid; confirmed: the biller's confirmation number;
  -- rejected: the biller refused, the customer is owed the money back; cancelled: never paid (ticket voided)
  state TEXT NOT NULL CHECK (state IN ('quoted', 'on_ticket', 'paid', 'confirmed', 'rejected', 'cancelled')),
  amount INTEGER CHECK (amount IS NULL OR amount >= 0),
  bill_amount INTEGER CHECK (bill_amount IS NULL OR bill_amount >= 0),
  late_fee INTEGER CHECK (late_fee IS NULL OR late_fee >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  masked_name TEXT,
  due_date TEXT,
  charge_uniq_id TEXT,
  offline INTEGER NOT NULL CHECK (offline IN (0, 1)),
  sale_id TEXT REFERENCES sales (id),
  idempotency_key TEXT NOT NULL UNIQUE,
  confirmation_no TEXT,
  reject_code TEXT,
  reject_reason TEXT,
  tries INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX bill_payments_state ON bill_payments (state);
CREATE INDEX bill_payments_sale ON bill_payments (sale_id);
