-- Where and with whom a child lives: a history of care arrangements, each from its start date to its end
-- date (the current one has none; ranges are half-open, so one ends on the day the next starts). A
-- placement outside the family rests on an approved gatekeeping decision, or came first as an emergency
-- with a review task due within 72 hours. A return home carries its 12-month outcome.
CREATE TABLE care_arrangements (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES persons (id),
  region_code text NOT NULL REFERENCES regions (code),
  -- The case whose timeline tells of it (the gatekeeping's, or the family's case), if any.
  case_id uuid REFERENCES cases (id),
  type text NOT NULL CHECK (type IN ('parents', 'kinship', 'guardianship', 'foster_family', 'adoption', 'mehribonlik_home',
    'baby_home', 'boarding_school', 'muruvvat_home', 'transit_centre', 'independent_living', 'other')),
  start_date date NOT NULL,
  end_date date,
  -- The residential care organisation, transit centre or guardianship authority the child is placed with.
  organisation_id uuid REFERENCES organisations (id),
  authority text NOT NULL,
  document_ref text,
  change_reason text NOT NULL CHECK (change_reason IN ('abuse_neglect', 'parent_death', 'poverty', 'illness_disability',
    'labour_migration', 'family_breakdown', 'education', 'reintegration', 'other')),
  gatekeeping_approval_id uuid REFERENCES approvals (id),
  emergency boolean NOT NULL DEFAULT false,
  review_task_id uuid REFERENCES tasks (id),
  outcome text CHECK (outcome IN ('stable_at_home', 'returned_to_care', 'other')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
-- One current arrangement per child.
CREATE UNIQUE INDEX care_arrangements_current_idx ON care_arrangements (person_id) WHERE end_date IS NULL;
CREATE INDEX care_arrangements_person_idx ON care_arrangements (person_id, start_date DESC);
-- The children placed with an organisation now: the reach of residential care staff.
CREATE INDEX care_arrangements_placed_idx ON care_arrangements (organisation_id, person_id) WHERE end_date IS NULL;
-- A gatekeeping decision opens the way to one placement.
CREATE UNIQUE INDEX care_arrangements_gatekeeping_idx ON care_arrangements (gatekeeping_approval_id);

ALTER TABLE approvals DROP CONSTRAINT approvals_kind_check;
ALTER TABLE approvals ADD CONSTRAINT approvals_kind_check
  CHECK (kind IN ('assessment', 'plan', 'closure', 'risk_override', 'gatekeeping'));
