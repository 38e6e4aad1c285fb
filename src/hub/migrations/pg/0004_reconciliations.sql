-- Settlement reconciliation (tillpoint hub reconcile): the latest run for each provider and day, its counts
-- per finding kind and every finding (JSON), read back by `tillpoint hub report --reconciliations`.
CREATE TABLE reconciliations (
  provider_id text NOT NULL,
  day date NOT NULL,
  run_at timestamptz NOT NULL,
  source text NOT NULL,
  counts jsonb NOT NULL,
  findings jsonb NOT NULL,
  PRIMARY KEY (provider_id, day)
);
