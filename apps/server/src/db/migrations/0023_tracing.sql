-- Tracing and reunification: a request to find the family of a separated child (or a child a parent is
-- looking for), held by the organisation that opened it (a transit centre or an Inson centre). What is known
-- of the person sought is kept as typed (`sought`, names in any script); consent to tracing is recorded with
-- the request, which is refused without it. A match is final only once a worker verifies it.
CREATE TABLE tracing_requests (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('separated_child', 'parent_seeking')),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL,
  -- The child in the register, and the case their timeline and follow-up visits go to (when there is one).
  child_id uuid REFERENCES persons (id),
  case_id uuid REFERENCES cases (id),
  sought jsonb NOT NULL,
  consent_given_by text NOT NULL,
  consent_date date NOT NULL,
  note text,
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'tracing', 'match_proposed', 'verified', 'reunified', 'closed')),
  -- The person proposed, then verified, as the match.
  matched_person_id uuid REFERENCES persons (id),
  verified_by uuid REFERENCES users (id),
  verified_at timestamptz,
  reunified_at timestamptz,
  closed_at timestamptz,
  close_note text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (status NOT IN ('verified', 'reunified') OR (matched_person_id IS NOT NULL AND verified_at IS NOT NULL))
);
-- An organisation's requests, newest first; the report's requests of a territory.
CREATE INDEX tracing_requests_organisation_idx ON tracing_requests (organisation_id, id DESC);
CREATE INDEX tracing_requests_district_idx ON tracing_requests (district_code, created_at);
