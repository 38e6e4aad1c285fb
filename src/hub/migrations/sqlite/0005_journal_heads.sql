-- Every journal head each till reported with its sync batches (src/hub/journal-heads.ts), kept forever: a
-- head that went backwards (a restored backup, a deleted tail) or the same seq with another hash (a fork)
-- is recorded with that status, for `tillpoint hub journal verify`. The till's public key (ECDSA P-256,
-- SPKI DER base64), first seen with a head, checks its signed Z closings.
CREATE TABLE journal_heads (
  terminal_id TEXT NOT NULL REFERENCES terminals (id),
  seq INTEGER NOT NULL CHECK (seq >= 0),
  hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'rolled_back', 'forked', 'bad_closing', 'key_changed')),
  detail TEXT,
  first_seen TEXT NOT NULL,
  PRIMARY KEY (terminal_id, seq, hash)
) STRICT;
ALTER TABLE terminals ADD COLUMN device_public_key TEXT;
