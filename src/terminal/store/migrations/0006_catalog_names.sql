-- A second name for shop data (the English beside the Chinese: a kiosk customer may read either) and the
-- products a self-service kiosk must not sell without the attendant (age-restricted, weighed, high value).
ALTER TABLE products ADD COLUMN alt_name TEXT;
ALTER TABLE products ADD COLUMN needs_staff TEXT CHECK (needs_staff IN ('age', 'weighed', 'value'));
ALTER TABLE categories ADD COLUMN alt_name TEXT;
