-- Catalog, price and configuration changes terminals pull with a cursor (seq), and the final state of every
-- wallet payment (outbox kind payment.final). SQLite has one writer at a time, so seq commits in order.
CREATE TABLE catalog_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  published_at TEXT NOT NULL,
  -- the changes of one `tillpoint hub publish` share an id
  publish_id TEXT NOT NULL
) STRICT;

CREATE TABLE payments (
  terminal_id TEXT NOT NULL REFERENCES terminals (id),
  attempt_id TEXT NOT NULL,
  sale_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  wallet TEXT,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  state TEXT NOT NULL CHECK (state IN ('succeeded', 'declined', 'reversed')),
  refunded INTEGER NOT NULL CHECK (refunded IN (0, 1)),
  reason_code TEXT,
  reason_message TEXT,
  -- ISO 8601 UTC with milliseconds (toISOString), so text order is time order
  final_at TEXT NOT NULL,
  hub_seq INTEGER NOT NULL REFERENCES entries (hub_seq),
  PRIMARY KEY (terminal_id, attempt_id)
) STRICT;
CREATE INDEX payments_final_at ON payments (final_at, terminal_id, attempt_id);
