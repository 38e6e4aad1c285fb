-- The journal becomes a hash chain (src/core/journal-chain.ts; NF525-style inalterability): each row has its
-- place `seq`, the previous row's hash and its own SHA-256. SQLite has no SHA-256 of its own, so rows from
-- before are chained by the store right after this migration (chainUnchainedJournalRows, in id order).
ALTER TABLE journal ADD COLUMN seq INTEGER CHECK (seq IS NULL OR seq > 0);
ALTER TABLE journal ADD COLUMN prev_hash TEXT CHECK (prev_hash IS NULL OR (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'));
ALTER TABLE journal ADD COLUMN hash TEXT CHECK (hash IS NULL OR (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'));
-- the head is the last entry of this index: one indexed read per append
CREATE UNIQUE INDEX journal_seq ON journal (seq);
-- New rows arrive chained (appendJournal); only an old row without a hash may be given one, once.
CREATE TRIGGER journal_chained BEFORE INSERT ON journal
WHEN NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL
BEGIN
  SELECT RAISE(ABORT, 'journal rows are written through appendJournal, with their chain');
END;
DROP TRIGGER journal_no_update;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL OR NEW.seq IS NULL OR NEW.prev_hash IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.kind IS NOT OLD.kind
  OR NEW.sale_id IS NOT OLD.sale_id OR NEW.data IS NOT OLD.data
BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only');
END;
-- The till's own ECDSA P-256 key pair (made at first open, src/terminal/secrets/device-key.ts): the private
-- key sealed like the other secrets, the public key (SPKI DER, base64) sent to the hub.
CREATE TABLE device_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  public_key TEXT NOT NULL,
  private_key TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
-- Signed Z closings (src/core/journal-closing.ts): the document as signed, and its signature. Append-only.
CREATE TABLE journal_closings (
  z_number INTEGER PRIMARY KEY,
  shift_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  document TEXT NOT NULL CHECK (json_valid(document)),
  signature TEXT NOT NULL,
  public_key TEXT NOT NULL
) STRICT;
CREATE TRIGGER journal_closings_no_update BEFORE UPDATE ON journal_closings
BEGIN
  SELECT RAISE(ABORT, 'signed closings are append-only');
END;
CREATE TRIGGER journal_closings_no_delete BEFORE DELETE ON journal_closings
BEGIN
  SELECT RAISE(ABORT, 'signed closings are append-only');
END;
