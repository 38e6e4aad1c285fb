-- Catalog, price and configuration changes terminals pull with a cursor (seq), and the final state of every
-- wallet payment (outbox kind payment.final). Publishers take LOCK TABLE catalog_changes IN EXCLUSIVE MODE
-- (pg-store.ts), so seq values commit in order and a reader's cursor never passes an uncommitted change.
CREATE TABLE catalog_changes (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  published_at timestamptz NOT NULL,
  -- the changes of one `tillpoint hub publish` share an id
  publish_id uuid NOT NULL
);

CREATE TABLE payments (
  terminal_id uuid NOT NULL REFERENCES terminals (id),
  attempt_id uuid NOT NULL,
  sale_id uuid NOT NULL,
  kind text NOT NULL,
  provider_id text NOT NULL,
  wallet text,
  amount bigint NOT NULL,
  currency char(3) NOT NULL,
  state text NOT NULL CHECK (state IN ('succeeded', 'declined', 'reversed')),
  refunded boolean NOT NULL,
  reason_code text,
  reason_message text,
  final_at timestamptz NOT NULL,
  hub_seq bigint NOT NULL REFERENCES entries (hub_seq),
  PRIMARY KEY (terminal_id, attempt_id)
);
CREATE INDEX payments_final_at ON payments (final_at, terminal_id, attempt_id);
