-- Tillpoint schema 8: staff, sign-in and permissions.
-- A member of staff: a role, a name, a PIN as an scrypt hash of HMAC(pepper, PIN) with its own salt (the
-- pepper is in <data>/staff-pepper.key, not here, so this file alone cannot be brute-forced), and an
-- optional badge as HMAC(pepper, UID) for lookup. Removed staff stay (removed_at) so the journal's ids
-- keep meaning someone.
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager')),
  pin_hash BLOB NOT NULL,
  pin_salt BLOB NOT NULL CHECK (length(pin_salt) = 16),
  -- the scrypt cost the hash was made with ({"N", "r", "p", "keylen"}), so it can be raised later
  pin_params TEXT NOT NULL CHECK (json_valid(pin_params)),
  badge_key TEXT,
  added_at TEXT NOT NULL,
  removed_at TEXT
) STRICT;
CREATE UNIQUE INDEX staff_badge ON staff (badge_key) WHERE badge_key IS NOT NULL AND removed_at IS NULL;
-- Wrong PINs in a row on this till and the lockout they caused: committed before the answer, so a restart
-- never gives tries back. lockouts: how many lockouts since the last right PIN (each one lasts longer).
CREATE TABLE staff_pin_tries (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
  locked_until TEXT,
  last_failure_at TEXT
) STRICT;
