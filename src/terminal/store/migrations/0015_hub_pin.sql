-- Tillpoint schema 15: the hub's pinned certificate. hub_pin: the SHA-256 fingerprint (64 lower-case hex)
-- of the TLS certificate the till enrolled with, checked on every later call (that certificate and no
-- other, self-signed included); NULL for a hub on this machine over plain http, or one reached over https
-- through the system's CAs (a reverse proxy with a public certificate, enrolled without a pairing code).
ALTER TABLE hub_link ADD COLUMN hub_pin TEXT CHECK (hub_pin IS NULL OR (length(hub_pin) = 64 AND hub_pin NOT GLOB '*[^0-9a-f]*'));
