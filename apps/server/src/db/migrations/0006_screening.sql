-- The intake screening of a case: a few questions of the instrument's screening section, answered while
-- the case is in intake, that decide whether the case is urgent. One per case, versioned; it keeps the
-- instrument version it was made with.
CREATE TABLE case_screenings (
  case_id uuid PRIMARY KEY REFERENCES cases (id),
  instrument_id uuid NOT NULL REFERENCES instruments (id),
  instrument_version integer NOT NULL,
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL REFERENCES districts (code),
  answers jsonb NOT NULL DEFAULT '{}',
  urgency text NOT NULL CHECK (urgency IN ('urgent', 'routine')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);
