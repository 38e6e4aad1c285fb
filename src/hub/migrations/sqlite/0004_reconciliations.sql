-- Settlement reconciliation (tillpoint hub reconcile): the latest run for each provider and day, its counts
-- per finding kind and every finding (JSON), read back by `tillpoint hub report --reconciliations`.
CREATE TABLE reconciliations (
  provider_id TEXT NOT NULL,
  day TEXT NOT NULL,
  run_at TEXT NOT NULL,
  source TEXT NOT NULL,
  counts TEXT NOT NULL CHECK (json_valid(counts)),
  findings TEXT NOT NULL CHECK (json_valid(findings)),
  PRIMARY KEY (provider_id, day)
) STRICT;
