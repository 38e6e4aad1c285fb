-- Tillpoint schema 14: staff published by the hub beside the till's own.
-- source: 'local' (tillpoint staff add on this till) or 'hub' (a staff.upsert pulled from the hub, changed
-- and removed only by the hub). pin_pepper: which secret the PIN hash and the badge key are HMACed with:
-- 'till' (<data>/staff-pepper.key, never leaves the till) or 'org' (the hub's staff key, the same on every
-- till of the hub, so one hash made on the hub verifies everywhere). Rows from before are local.
ALTER TABLE staff ADD COLUMN source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'hub'));
ALTER TABLE staff ADD COLUMN pin_pepper TEXT NOT NULL DEFAULT 'till' CHECK (pin_pepper IN ('till', 'org'));
-- The hub's staff key, sealed like the link's secret (README "Secrets at rest"); NULL until the till has
-- fetched it (a till enrolled before hub staff existed fetches it on its next pull that brings staff).
ALTER TABLE hub_link ADD COLUMN org_pepper TEXT;
