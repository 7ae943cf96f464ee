import type { ColumnType } from 'kysely';

/** Kysely's view of the tables of migration 0026: staff, trainings and supervision. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type WithDefault<T> = ColumnType<T, T | undefined, T>;
/** Dates: selected as 'YYYY-MM-DD' text (`::text`), whichever driver runs. */
type Day = string;

type Meta = {
  version: WithDefault<number>;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
};

export type StaffTable = Meta & {
  id: string;
  user_id: Nullable<string>;
  organisation_id: string;
  display_name: string;
  position: Nullable<string>;
  degree_field: Nullable<string>;
  degree_institution: Nullable<string>;
  degree_year: Nullable<number>;
  diploma_number: Nullable<string>;
  diploma_date: Nullable<Day>;
  languages: WithDefault<string[]>;
  active: WithDefault<boolean>;
};

export type TrainingCoursesTable = Meta & { id: string; title: string; topics: string[]; hours: number; organiser: string };

export type TrainingEventsTable = Meta & {
  id: string;
  course_id: string;
  organisation_id: string;
  start_date: Day;
  end_date: Day;
  place: string;
  trainers: WithDefault<string[]>;
};

export type TrainingParticipantsTable = {
  id: string;
  event_id: string;
  staff_id: string;
  attended: WithDefault<boolean>;
  pre_score: Nullable<number>;
  post_score: Nullable<number>;
  certificate_number: Nullable<string>;
  certificate_expiry: Nullable<Day>;
  created_at: Timestamp;
  created_by: string | null;
};

export type SupervisionSessionsTable = Meta & {
  id: string;
  organisation_id: string;
  supervisor_id: string;
  date: Day;
  minutes: number;
  topics: WithDefault<string[]>;
  notes: WithDefault<string>;
};

export type SupervisionWorkersTable = { session_id: string; user_id: string };
export type SupervisionCasesTable = { session_id: string; case_id: string };
export type SupervisionActionsTable = {
  id: string;
  session_id: string;
  title: string;
  assignee_id: Nullable<string>;
  due_date: Nullable<Day>;
  case_id: Nullable<string>;
  task_id: Nullable<string>;
};

export type WorkforceTables = {
  staff: StaffTable;
  training_courses: TrainingCoursesTable;
  training_events: TrainingEventsTable;
  training_participants: TrainingParticipantsTable;
  supervision_sessions: SupervisionSessionsTable;
  supervision_workers: SupervisionWorkersTable;
  supervision_cases: SupervisionCasesTable;
  supervision_actions: SupervisionActionsTable;
};
