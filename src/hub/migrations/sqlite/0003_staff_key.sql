-- The hub's own secrets, one row each. 'staff-key': the key PINs and badges of hub staff are HMACed with
-- before they are hashed (src/shared/hub-staff.ts); made on first use, never changed (every published hash
-- depends on it), sent to a terminal only sealed under that terminal's link secret.
CREATE TABLE hub_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
