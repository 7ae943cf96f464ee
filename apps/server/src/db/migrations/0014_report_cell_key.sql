-- The secret that keys the noise added to the figures aggregate-only readers see (docs/reports.md,
-- "Differencing"): one per installation, drawn here, never sent to anyone, so nobody can work the noise out.
CREATE TABLE report_cell_key (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  secret text NOT NULL
);
INSERT INTO report_cell_key (secret) VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
