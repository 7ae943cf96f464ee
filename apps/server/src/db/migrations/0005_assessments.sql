-- Assessments. An instrument is data (domains, questions, fixed answers, the risk rule), versioned: a new
-- version is a new row and an assessment keeps the version it was made with. Answers, the worker's
-- adjusted domain ratings, strengths and needs are JSON keyed by question or domain.
CREATE TABLE instruments (
  id uuid PRIMARY KEY,
  key text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  UNIQUE (key, version)
);

CREATE TABLE assessments (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  instrument_id uuid NOT NULL REFERENCES instruments (id),
  instrument_version integer NOT NULL,
  region_code text NOT NULL REFERENCES regions (code),
  answers jsonb NOT NULL DEFAULT '{}',
  domain_ratings jsonb NOT NULL DEFAULT '{}',
  strengths jsonb NOT NULL DEFAULT '{}',
  needs jsonb NOT NULL DEFAULT '{}',
  computed_risk text CHECK (computed_risk IN ('low', 'medium', 'high', 'critical')),
  override_risk text CHECK (override_risk IN ('low', 'medium', 'high', 'critical')),
  override_reason text,
  -- The supervisor's word on the override: pending, approved or returned; null without an override.
  override_status text CHECK (override_status IN ('pending', 'approved', 'returned')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  submitted_at timestamptz,
  approved_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (override_risk IS NULL OR override_reason IS NOT NULL)
);
CREATE INDEX assessments_case_idx ON assessments (case_id, created_at DESC, id DESC);
