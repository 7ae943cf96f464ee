-- Break-the-glass: a case worker opens a family or case outside their reach, with a reason, for a few hours.
-- The family is the unit of access (its members and its cases, read only); the row names what was opened.
-- Every opening waits for review by the record's supervisor or an auditor ("justified" or not, with a comment).
CREATE TABLE emergency_accesses (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  entity_type text NOT NULL CHECK (entity_type IN ('family', 'case')),
  entity_id uuid NOT NULL,
  family_id uuid NOT NULL REFERENCES families (id),
  -- The record's organisation and region: whose report it enters, where its notices go.
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  region_code text NOT NULL REFERENCES regions (code),
  reason_code text NOT NULL CHECK (reason_code IN ('immediate_danger', 'referral_in_progress', 'court_request', 'other')),
  reason text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- Set when the access ended (by its user, or found expired); the end is an audit event too.
  ended_at timestamptz,
  -- The supervisors who review it (the record's), besides the auditors, who review any.
  reviewers uuid[] NOT NULL DEFAULT '{}',
  review_outcome text CHECK (review_outcome IN ('justified', 'not_justified')),
  review_comment text,
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK ((review_outcome IS NULL) = (reviewed_at IS NULL))
);
-- The grants a user holds now, read on each of their requests.
CREATE INDEX emergency_accesses_user_idx ON emergency_accesses (user_id, expires_at) WHERE ended_at IS NULL;
-- The review queue and the report, newest first.
CREATE INDEX emergency_accesses_pending_idx ON emergency_accesses (started_at DESC) WHERE reviewed_at IS NULL;
CREATE INDEX emergency_accesses_organisation_idx ON emergency_accesses (organisation_id, started_at DESC);
