-- The social service workforce: who the staff are and what they are qualified in, the trainings they took,
-- and the supervision they receive. A staff record belongs to an organisation; it names a user when the
-- person has an account, and stands alone for a trainee without one.
CREATE TABLE staff (
  id uuid PRIMARY KEY,
  user_id uuid UNIQUE REFERENCES users (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  -- A trainee's own name; for an account holder the account's name is shown.
  display_name text NOT NULL,
  position text,
  -- The degree: in social work or another field, where and when.
  degree_field text CHECK (degree_field IN ('social_work', 'other')),
  degree_institution text,
  degree_year smallint CHECK (degree_year BETWEEN 1950 AND 2100),
  -- The in-service retraining diploma (the four-month course ending in a social work diploma).
  diploma_number text,
  diploma_date date,
  languages text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);
CREATE INDEX staff_organisation_idx ON staff (organisation_id, display_name);

-- The catalogue of courses, and the events at which they were given.
CREATE TABLE training_courses (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  topics text[] NOT NULL,
  hours smallint NOT NULL CHECK (hours > 0),
  organiser text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);

CREATE TABLE training_events (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES training_courses (id),
  -- The organisation that recorded the event and keeps its participants.
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  start_date date NOT NULL,
  end_date date NOT NULL,
  place text NOT NULL,
  trainers text[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (end_date >= start_date)
);
CREATE INDEX training_events_organisation_idx ON training_events (organisation_id, start_date DESC);

CREATE TABLE training_participants (
  id uuid PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES training_events (id),
  staff_id uuid NOT NULL REFERENCES staff (id),
  attended boolean NOT NULL DEFAULT true,
  pre_score smallint CHECK (pre_score BETWEEN 0 AND 100),
  post_score smallint CHECK (post_score BETWEEN 0 AND 100),
  certificate_number text,
  certificate_expiry date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  UNIQUE (event_id, staff_id)
);
CREATE INDEX training_participants_staff_idx ON training_participants (staff_id);
CREATE INDEX training_participants_expiry_idx ON training_participants (certificate_expiry) WHERE certificate_expiry IS NOT NULL;

-- A supervisor meets one worker or a group. The notes are confidential to the people in the session and
-- the head of the organisation; the session's date and length count towards the indicators.
CREATE TABLE supervision_sessions (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  supervisor_id uuid NOT NULL REFERENCES users (id),
  date date NOT NULL,
  minutes smallint NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  topics text[] NOT NULL DEFAULT '{}',
  notes text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);
CREATE INDEX supervision_sessions_organisation_idx ON supervision_sessions (organisation_id, date DESC);
CREATE INDEX supervision_sessions_supervisor_idx ON supervision_sessions (supervisor_id, date DESC);

CREATE TABLE supervision_workers (
  session_id uuid NOT NULL REFERENCES supervision_sessions (id),
  user_id uuid NOT NULL REFERENCES users (id),
  PRIMARY KEY (session_id, user_id)
);
CREATE INDEX supervision_workers_user_idx ON supervision_workers (user_id);

CREATE TABLE supervision_cases (
  session_id uuid NOT NULL REFERENCES supervision_sessions (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  PRIMARY KEY (session_id, case_id)
);

-- Agreed actions; one about a case discussed is also a task on that case.
CREATE TABLE supervision_actions (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES supervision_sessions (id),
  title text NOT NULL,
  assignee_id uuid REFERENCES users (id),
  due_date date,
  case_id uuid REFERENCES cases (id),
  task_id uuid REFERENCES tasks (id)
);
CREATE INDEX supervision_actions_session_idx ON supervision_actions (session_id);
