import type { ColumnType, Generated } from 'kysely';
import type { SecondFactorTables } from '../modules/auth/tables.ts';
import type { IdentityTables } from '../modules/oidc/tables.ts';
import type { RemindersTables } from '../modules/reminders/tables.ts';
import type { RetentionTables } from '../modules/retention/tables.ts';
import type { TracingTables } from '../modules/tracing/tables.ts';
import type { WorkforceTables } from '../modules/workforce/tables.ts';
import type { PlansReferralsTables } from './schema-plans.ts';

/** Kysely's view of the tables (snake_case, as in the migrations). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

type Meta = {
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
};

type Names = {
  name_uz_latn: string;
  name_uz_cyrl: string;
  name_ru: string;
  name_en: string;
  name_kaa: string | null;
};

export type RegionsTable = Names & { code: string };
export type DistrictsTable = Names & { code: string; region_code: string };

export type MahallasTable = Meta & {
  id: string;
  code: string;
  district_code: string;
  region_code: string;
  name_uz_latn: string;
  name_uz_cyrl: string | null;
  name_ru: string | null;
  name_en: string | null;
  name_kaa: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
};

export type OrganisationsTable = Meta & {
  id: string;
  name: string;
  /** The name in other scripts (0020); `name` is the Uzbek Latin one. */
  name_uz_cyrl: Nullable<string>;
  name_ru: Nullable<string>;
  name_en: Nullable<string>;
  name_kaa: Nullable<string>;
  kind: string;
  district_code: string;
  region_code: string;
  territories: ColumnType<string[], string[] | undefined, string[]>;
  address: string | null;
  phone: string | null;
  approval_gates: ColumnType<boolean, boolean | undefined, boolean>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
};

export type UsersTable = Meta & {
  id: string;
  username: string;
  display_name: string;
  organisation_id: string;
  roles: string[];
  scope_level: string;
  scope_territory_code: string | null;
  locale: ColumnType<string, string | undefined, string>;
  password_hash: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  supervisor_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The PINFL an administrator recorded, by which OneID finds the account (0028). */
  pinfl: ColumnType<string | null, string | null | undefined, string | null>;
};

export type SessionsTable = {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  id: Generated<string>;
  /** The device the session was opened from, summarised from its User-Agent. */
  device: string | null;
  /** Signed in with a password alone by a role that must have a second factor: may only enrol one. */
  enrol_only: Generated<boolean>;
  /** Opened through an identity provider (0028): its name, and its access token sealed when it signs out too. */
  provider: ColumnType<string | null, string | null | undefined, string | null>;
  provider_token_sealed: ColumnType<string | null, string | null | undefined, string | null>;
};

export type LoginAttemptsTable = {
  key: string;
  window_started_at: Timestamp;
  attempts: number;
  next_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  admitted: boolean;
  last_success_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
};

export type IdempotencyKeysTable = {
  user_id: string;
  key: string;
  request_hash: string;
  status: number | null;
  body: string | null;
  created_at: Generated<Date>;
};

export type SyncCommandsTable = {
  user_id: string;
  command_id: string;
  device_id: string;
  type: string;
  entity_id: string;
  base_version: number | null;
  request_hash: string;
  status: string;
  result: ColumnType<SyncCommandResult, string, string>;
  created_at: Generated<Date>;
};

/** What a device was answered for one command; kept to answer the same command the same way again. */
export type SyncCommandResult = {
  status: 'applied' | 'merged' | 'conflict' | 'rejected';
  entityId: string;
  version?: number;
  conflictId?: string;
  error?: { code: string; message: string };
};

export type SyncConflictsTable = {
  id: string;
  user_id: string;
  command_id: string;
  type: string;
  entity_type: string;
  entity_id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  fields: ColumnType<SyncConflictField[], string, string>;
  their_version: number | null;
  status: ColumnType<string, string | undefined, string>;
  created_at: Generated<Date>;
  resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type SyncConflictField = { path: string; base: unknown; theirs: unknown; mine: unknown };

export type SyncCursorsTable = {
  id: string;
  user_id: string;
  tokens: ColumnType<Record<string, string>, string, string>;
  created_at: Generated<Date>;
};

export type AuditEventsTable = {
  seq: Generated<string>;
  id: string;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
  lane: number;
};

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
type Json<T> = ColumnType<T | null, string | null | undefined, string | null>;

export type FamiliesTable = Meta & {
  id: string;
  region_code: string;
  district_code: string;
  mahalla_code: string | null;
  organisation_id: string;
  address: string;
  phones: TextArray;
  identification_source: string;
  social_register_category: string | null;
  living_conditions: Json<Record<string, unknown>>;
  notes: string | null;
  import_id: Nullable<string>;
  merged_into: Nullable<string>;
  merged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
};

export type PersonsTable = Meta & {
  id: string;
  family_id: string;
  region_code: string;
  district_code: string;
  organisation_id: string;
  surname: string;
  given_name: string;
  patronymic: string | null;
  search_key: string;
  surname_key: string;
  given_name_key: string;
  birth_date: string | null;
  birth_year: number | null;
  birth_precision: string | null;
  age_stated: number | null;
  age_stated_on: string | null;
  sex: string;
  pinfl: string | null;
  id_card: string | null;
  birth_certificate: string | null;
  relationship: string;
  documents_held: TextArray;
  documents_missing: TextArray;
  disability_group: string | null;
  disability_note: string | null;
  schooling_kind: string | null;
  schooling_institution: string | null;
  schooling_grade: number | null;
  whereabouts_status: string;
  whereabouts_country: string | null;
  whereabouts_since: string | null;
  sends_support: boolean | null;
  contact_channel: string | null;
  whereabouts_place: string | null;
  vulnerability_markers: TextArray;
  merged_into: Nullable<string>;
  merged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
};

export type PersonNonDuplicatesTable = {
  person_id: string;
  other_person_id: string;
  region_code: string;
  created_at: Timestamp;
  created_by: string | null;
};

type Moment = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Created = { created_at: Timestamp; created_by: string | null };

export type CaseNumberSequencesTable = {
  district_code: string;
  year: number;
  region_code: string;
  abbreviation: string;
  last_value: number;
};

export type CasesTable = Meta & {
  id: string;
  number: string;
  family_id: string;
  focus_person_ids: TextArray;
  organisation_id: string;
  region_code: string;
  district_code: string;
  status: string;
  status_before_closing: Nullable<string>;
  risk_level: Nullable<string>;
  urgency: string;
  identification_source: string;
  reason: string;
  assigned_user_id: Nullable<string>;
  supervisor_id: Nullable<string>;
  opened_at: Timestamp;
  closed_at: Moment;
  closure_reason: Nullable<string>;
  closure_outcome: Nullable<string>;
  reopen_reason: Nullable<string>;
};

export type CaseSharesTable = Created & { case_id: string; user_id: string; region_code: string };

export type CaseTransfersTable = Meta & {
  id: string;
  case_id: string;
  region_code: string;
  from_organisation_id: string;
  to_organisation_id: string;
  reason: string;
  consent_id: string;
  status: ColumnType<string, string | undefined, string>;
  sent_by: string;
  sent_at: Timestamp;
  from_assigned_user_id: Nullable<string>;
  assignee_id: Nullable<string>;
  decided_by: Nullable<string>;
  decided_at: Moment;
  return_reason: Nullable<string>;
};

/** A child's care arrangement (0022_care.sql); the current one has no end date. */
export type CareArrangementsTable = Meta & {
  id: string;
  person_id: string;
  region_code: string;
  case_id: Nullable<string>;
  type: string;
  start_date: string;
  end_date: Nullable<string>;
  organisation_id: Nullable<string>;
  authority: string;
  document_ref: Nullable<string>;
  change_reason: string;
  gatekeeping_approval_id: Nullable<string>;
  emergency: ColumnType<boolean, boolean | undefined, boolean>;
  review_task_id: Nullable<string>;
  outcome: Nullable<string>;
};

export type ContactsTable = Meta & {
  id: string;
  case_id: string;
  region_code: string;
  kind: string;
  date: string;
  text: string;
  participants: TextArray;
};

export type AttachmentsTable = Meta & {
  id: string;
  case_id: string;
  contact_id: Nullable<string>;
  region_code: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  archived_at: Moment;
  archived_by: Nullable<string>;
};

export type TasksTable = Meta & {
  id: string;
  case_id: string;
  region_code: string;
  title: string;
  due_date: Nullable<string>;
  due_at: Moment;
  due_sort: Timestamp;
  assignee_id: Nullable<string>;
  status: ColumnType<string, string | undefined, string>;
  source: string;
  deadline: Nullable<string>;
  completed_at: Moment;
  /** Why the system cancelled it: `case_closed`, `plan_superseded`. */
  cancel_reason: ColumnType<string | null, string | null | undefined, string | null>;
};

export type ApprovalsTable = {
  id: string;
  /** Null only for an erasure (0030_retention.sql), which no reader of a case's approvals ever selects. */
  case_id: ColumnType<string, string | null, string>;
  region_code: string;
  kind: string;
  status: ColumnType<string, string | undefined, string>;
  requested_by: string;
  requested_at: Timestamp;
  assigned_to: Nullable<string>;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  comment: Nullable<string>;
  decided_by: Nullable<string>;
  decided_at: Moment;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type NotificationsTable = {
  id: string;
  user_id: string;
  region_code: string;
  kind: string;
  case_id: Nullable<string>;
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  read_at: Moment;
  created_at: Timestamp;
};

export type CaseEventsTable = {
  id: string;
  case_id: string;
  region_code: string;
  kind: string;
  actor_id: string | null;
  at: Timestamp;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
};

export type InstrumentsTable = {
  id: string;
  key: string;
  version: number;
  definition: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  created_by: string | null;
};

type JsonObject = ColumnType<Record<string, unknown>, string | undefined, string>;
export type AssessmentsTable = Meta & {
  id: string;
  case_id: string;
  instrument_id: string;
  instrument_version: number;
  region_code: string;
  answers: JsonObject;
  domain_ratings: JsonObject;
  strengths: JsonObject;
  needs: JsonObject;
  /** Domain key → why the domain was not assessed: `{reason, note?}`. */
  not_assessed: JsonObject;
  /** A readiness assessment: the child in residential care whose return it weighs; null for a family assessment. */
  child_id: ColumnType<string | null, string | null | undefined, never>;
  computed_risk: string | null;
  override_risk: string | null;
  override_reason: string | null;
  override_status: string | null;
  status: ColumnType<string, string | undefined, string>;
  submitted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  approved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type CaseScreeningsTable = Meta & {
  case_id: string;
  instrument_id: string;
  instrument_version: number;
  region_code: string;
  district_code: string;
  answers: JsonObject;
  urgency: string;
};

/** Break-the-glass openings of a family or case outside the user's reach (0025). */
export type EmergencyAccessesTable = Meta & {
  id: string;
  user_id: string;
  entity_type: string;
  entity_id: string;
  family_id: string;
  organisation_id: string;
  region_code: string;
  reason_code: string;
  reason: string;
  started_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Moment;
  reviewers: TextArray;
  review_outcome: Nullable<string>;
  review_comment: Nullable<string>;
  reviewed_by: Nullable<string>;
  reviewed_at: Moment;
};

export type SchemaMigrationsTable = { name: string; applied_at: Timestamp };

export type Database = PlansReferralsTables &
  SecondFactorTables &
  IdentityTables &
  RemindersTables &
  RetentionTables &
  WorkforceTables &
  TracingTables & {
    regions: RegionsTable;
    districts: DistrictsTable;
    mahallas: MahallasTable;
    organisations: OrganisationsTable;
    users: UsersTable;
    sessions: SessionsTable;
    login_attempts: LoginAttemptsTable;
    idempotency_keys: IdempotencyKeysTable;
    sync_commands: SyncCommandsTable;
    sync_conflicts: SyncConflictsTable;
    sync_cursors: SyncCursorsTable;
    audit_events: AuditEventsTable;
    families: FamiliesTable;
    persons: PersonsTable;
    person_non_duplicates: PersonNonDuplicatesTable;
    case_number_sequences: CaseNumberSequencesTable;
    cases: CasesTable;
    case_shares: CaseSharesTable;
    case_transfers: CaseTransfersTable;
    care_arrangements: CareArrangementsTable;
    contacts: ContactsTable;
    attachments: AttachmentsTable;
    tasks: TasksTable;
    approvals: ApprovalsTable;
    notifications: NotificationsTable;
    case_events: CaseEventsTable;
    schema_migrations: SchemaMigrationsTable;
    instruments: InstrumentsTable;
    assessments: AssessmentsTable;
    case_screenings: CaseScreeningsTable;
    emergency_accesses: EmergencyAccessesTable;
  };
