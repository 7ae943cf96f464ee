-- Service plans, the service directory, consent and referrals across agencies. Tables holding case data
-- carry region_code and district_code (the case's). Codes are the domain's.

-- The service directory: what an organisation offers, in which districts (none listed: the districts its
-- organisation serves), and who receives referrals for it.
CREATE TABLE services (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  category text NOT NULL CHECK (category IN ('health', 'education', 'civil_registry', 'employment', 'legal_aid',
    'financial_assistance', 'psychosocial', 'housing', 'police_protection', 'other')),
  description text,
  territories text[] NOT NULL DEFAULT '{}',
  focal_point_user_id uuid REFERENCES users (id),
  contact_name text,
  contact_phone text,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);
CREATE INDEX services_organisation_idx ON services (organisation_id);
CREATE INDEX services_category_idx ON services (category);
CREATE INDEX services_territories_idx ON services USING gin (territories);

-- A family member's consent to share, for themselves and those they answer for, with categories of
-- service and named organisations; withdrawal keeps the row.
CREATE TABLE consents (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL REFERENCES districts (code),
  given_by_person_id uuid NOT NULL REFERENCES persons (id),
  on_behalf_of_person_ids uuid[] NOT NULL DEFAULT '{}',
  scope_categories text[] NOT NULL DEFAULT '{}',
  scope_organisation_ids uuid[] NOT NULL DEFAULT '{}',
  date date NOT NULL,
  note text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  withdrawn_at timestamptz,
  withdrawn_by uuid REFERENCES users (id),
  withdraw_reason text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (cardinality(scope_categories) + cardinality(scope_organisation_ids) > 0),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
CREATE INDEX consents_case_idx ON consents (case_id, date DESC, id DESC);

-- A case's plans: one row per revision, the old ones kept (superseded once a newer one is approved).
-- Problem domains left without a goal carry their reason in skipped_domains ([{domain, reason}]).
CREATE TABLE plans (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL REFERENCES districts (code),
  revision integer NOT NULL CHECK (revision >= 1),
  previous_id uuid REFERENCES plans (id),
  assessment_id uuid REFERENCES assessments (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned', 'superseded')),
  summary text,
  skipped_domains jsonb NOT NULL DEFAULT '[]',
  review_date date,
  review_task_id uuid REFERENCES tasks (id),
  submitted_at timestamptz,
  approved_at timestamptz,
  approved_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  UNIQUE (case_id, revision)
);
-- At most one plan of a case in the works (draft, submitted or returned) at a time.
CREATE UNIQUE INDEX plans_one_open_idx ON plans (case_id) WHERE status IN ('draft', 'submitted', 'returned');

CREATE TABLE plan_goals (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES plans (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL REFERENCES districts (code),
  position integer NOT NULL,
  -- The instrument domain key the goal answers; null for a goal beyond the assessment.
  domain text,
  title text NOT NULL,
  target_date date NOT NULL
);
CREATE INDEX plan_goals_plan_idx ON plan_goals (plan_id, position);

-- Who does what by when. Once the plan is approved each action becomes a task (task_id), kept in step.
CREATE TABLE plan_actions (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES plans (id),
  goal_id uuid NOT NULL REFERENCES plan_goals (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL REFERENCES districts (code),
  position integer NOT NULL,
  performer text NOT NULL CHECK (performer IN ('organisation', 'worker', 'family')),
  organisation_id uuid REFERENCES organisations (id),
  service_id uuid REFERENCES services (id),
  user_id uuid REFERENCES users (id),
  person_id uuid REFERENCES persons (id),
  what text NOT NULL,
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  task_id uuid REFERENCES tasks (id),
  completed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (performer <> 'organisation' OR organisation_id IS NOT NULL),
  CHECK (performer <> 'worker' OR user_id IS NOT NULL)
);
CREATE INDEX plan_actions_plan_idx ON plan_actions (plan_id, goal_id, position);
CREATE UNIQUE INDEX plan_actions_task_idx ON plan_actions (task_id) WHERE task_id IS NOT NULL;

-- Tasks made from a plan: an action's task, and the plan's review.
ALTER TABLE tasks DROP CONSTRAINT tasks_source_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_source_check CHECK (source IN ('manual', 'deadline', 'plan_action', 'plan_review'));

-- A referral to another organisation. The receiver reads only `snapshot`: the shared fields of the
-- persons chosen, as they stood when it was sent. The consent it relies on, or the override's reason.
CREATE TABLE referrals (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL REFERENCES districts (code),
  from_organisation_id uuid NOT NULL REFERENCES organisations (id),
  to_organisation_id uuid NOT NULL REFERENCES organisations (id),
  service_id uuid REFERENCES services (id),
  -- The service's category when sent (null without a service), for reports.
  category text,
  plan_action_id uuid REFERENCES plan_actions (id),
  resent_from_id uuid REFERENCES referrals (id),
  reason text NOT NULL,
  urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent', 'emergency')),
  consent_id uuid REFERENCES consents (id),
  consent_override_reason text,
  consent_override_by uuid REFERENCES users (id),
  person_ids uuid[] NOT NULL,
  shared_fields text[] NOT NULL,
  snapshot jsonb NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled')),
  sent_by uuid NOT NULL REFERENCES users (id),
  sent_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz,
  declined_at timestamptz,
  decline_reason text,
  started_at timestamptz,
  completed_at timestamptz,
  outcome text,
  cancelled_at timestamptz,
  cancel_reason text,
  handled_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (consent_id IS NOT NULL OR consent_override_reason IS NOT NULL)
);
CREATE INDEX referrals_case_idx ON referrals (case_id, sent_at DESC, id DESC);
CREATE INDEX referrals_to_idx ON referrals (to_organisation_id, id DESC);
CREATE INDEX referrals_from_idx ON referrals (from_organisation_id, id DESC);
CREATE INDEX referrals_resent_idx ON referrals (resent_from_id) WHERE resent_from_id IS NOT NULL;
