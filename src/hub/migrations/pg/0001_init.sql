-- The hub's first schema (PostgreSQL). Dedupe lives in the UNIQUE constraint on entries, kept forever.
CREATE TABLE terminals (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  secret text NOT NULL,
  enrolled_at timestamptz NOT NULL
);

CREATE TABLE enroll_codes (
  code_hash text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  terminal_id uuid REFERENCES terminals (id)
);

CREATE TABLE entries (
  hub_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  terminal_id uuid NOT NULL REFERENCES terminals (id),
  idempotency_key text NOT NULL,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  payload_sha256 text NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  UNIQUE (terminal_id, idempotency_key)
);
