-- Cases and the work around them: numbers, shares, contacts, tasks, approvals, notifications and the
-- timeline. Every table carries region_code, the key a sharded database would split on. Statuses and codes are the domain's.

-- One counter per district and year: the next number is taken with an upsert inside the transaction
-- that opens the case, so two cases never get the same one. The district's letters are kept, so a
-- district added later can never take the letters of numbers already issued.
CREATE TABLE case_number_sequences (
  district_code text NOT NULL REFERENCES districts (code),
  year smallint NOT NULL,
  region_code text NOT NULL REFERENCES regions (code),
  abbreviation text NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (district_code, year)
);

CREATE TABLE cases (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  family_id uuid NOT NULL REFERENCES families (id),
  focus_person_ids uuid[] NOT NULL DEFAULT '{}',
  -- The organisation that opened the case works it.
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL REFERENCES districts (code),
  status text NOT NULL CHECK (status IN ('intake', 'assessment', 'planning', 'implementation', 'monitoring', 'closing', 'closed')),
  status_before_closing text CHECK (status_before_closing IN ('intake', 'assessment', 'planning', 'implementation', 'monitoring')),
  risk_level text CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
  urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent', 'emergency')),
  identification_source text NOT NULL,
  reason text NOT NULL,
  assigned_user_id uuid REFERENCES users (id),
  supervisor_id uuid REFERENCES users (id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  closure_reason text,
  closure_outcome text,
  -- Why the case was last reopened, written by the worker who reopened it.
  reopen_reason text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
-- A worker's caseload, a supervisor's team, an organisation's and a territory's cases; newest first.
CREATE INDEX cases_assigned_idx ON cases (assigned_user_id, id DESC);
CREATE INDEX cases_supervisor_idx ON cases (supervisor_id, id DESC);
CREATE INDEX cases_organisation_idx ON cases (organisation_id, id DESC);
CREATE INDEX cases_district_idx ON cases (district_code, id DESC);
CREATE INDEX cases_region_idx ON cases (region_code, id DESC);
CREATE INDEX cases_family_idx ON cases (family_id);

-- Colleagues a case is shared with see it as if it were theirs.
CREATE TABLE case_shares (
  case_id uuid NOT NULL REFERENCES cases (id),
  user_id uuid NOT NULL REFERENCES users (id),
  region_code text NOT NULL REFERENCES regions (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_shares_user_idx ON case_shares (user_id);

CREATE TABLE contacts (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  kind text NOT NULL CHECK (kind IN ('home_visit', 'phone', 'office', 'case_conference', 'other')),
  date date NOT NULL,
  text text NOT NULL,
  participants text[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
CREATE INDEX contacts_case_idx ON contacts (case_id, date DESC, id DESC);

-- A task is due on a day (due_date) or at a moment (due_at); due_sort is the moment it is due by, for
-- ordering both kinds together. Deadline tasks name their deadline, and their title is translated.
CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  title text NOT NULL,
  due_date date,
  due_at timestamptz,
  due_sort timestamptz NOT NULL,
  assignee_id uuid REFERENCES users (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  source text NOT NULL CHECK (source IN ('manual', 'deadline')),
  deadline text,
  completed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  CHECK (due_date IS NULL OR due_at IS NULL)
);
CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, due_sort, id) WHERE status = 'open';
CREATE INDEX tasks_case_idx ON tasks (case_id, due_sort, id);

CREATE TABLE approvals (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  kind text NOT NULL CHECK (kind IN ('assessment', 'plan', 'closure', 'risk_override')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'returned')),
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  assigned_to uuid REFERENCES users (id),
  -- What is asked, e.g. a closure's reason and outcome.
  payload jsonb NOT NULL DEFAULT '{}',
  comment text,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approvals_assigned_idx ON approvals (assigned_to, id DESC) WHERE status = 'pending';
CREATE INDEX approvals_requested_idx ON approvals (requested_by, id DESC);
CREATE INDEX approvals_case_idx ON approvals (case_id, kind, requested_at DESC);
-- One open request of a kind per case.
CREATE UNIQUE INDEX approvals_one_pending_idx ON approvals (case_id, kind) WHERE status = 'pending';

-- Messages to one user: a message key and its parameters, translated when read; no personal data.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  region_code text NOT NULL REFERENCES regions (code),
  kind text NOT NULL,
  case_id uuid REFERENCES cases (id),
  params jsonb NOT NULL DEFAULT '{}',
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- The case's timeline: who did what and when; details hold codes and ids, never personal data.
CREATE TABLE case_events (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  kind text NOT NULL,
  actor_id uuid REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now(),
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case_idx ON case_events (case_id, at DESC, id DESC);
