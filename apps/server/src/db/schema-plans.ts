import type { ColumnType } from 'kysely';

/** Kysely's view of the tables of migration 0007: the service directory, consents, plans and referrals. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Moment = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type WithDefault<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string | undefined, string>;

type Meta = {
  version: WithDefault<number>;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
};

export type ServicesTable = Meta & {
  id: string;
  organisation_id: string;
  name: string;
  /** The name in other scripts (0020); `name` is the Uzbek Latin one. */
  name_uz_cyrl: Nullable<string>;
  name_ru: Nullable<string>;
  name_en: Nullable<string>;
  name_kaa: Nullable<string>;
  category: string;
  description: Nullable<string>;
  territories: WithDefault<string[]>;
  focal_point_user_id: Nullable<string>;
  contact_name: Nullable<string>;
  contact_phone: Nullable<string>;
  active: WithDefault<boolean>;
};

export type ConsentsTable = Meta & {
  id: string;
  case_id: string;
  region_code: string;
  district_code: string;
  given_by_person_id: string;
  on_behalf_of_person_ids: WithDefault<string[]>;
  scope_categories: WithDefault<string[]>;
  scope_organisation_ids: WithDefault<string[]>;
  /** Purposes beside sharing (0029): `appointment_reminders`. */
  purposes: WithDefault<string[]>;
  date: string;
  note: Nullable<string>;
  status: WithDefault<string>;
  withdrawn_at: Moment;
  withdrawn_by: Nullable<string>;
  withdraw_reason: Nullable<string>;
};

export type SkippedDomain = { domain: string; reason: string };

export type PlansTable = Meta & {
  id: string;
  case_id: string;
  region_code: string;
  district_code: string;
  revision: number;
  previous_id: Nullable<string>;
  assessment_id: Nullable<string>;
  status: WithDefault<string>;
  summary: Nullable<string>;
  skipped_domains: Json<SkippedDomain[]>;
  review_date: Nullable<string>;
  review_task_id: Nullable<string>;
  submitted_at: Moment;
  approved_at: Moment;
  approved_by: Nullable<string>;
};

export type PlanGoalsTable = {
  id: string;
  plan_id: string;
  case_id: string;
  region_code: string;
  district_code: string;
  position: number;
  domain: Nullable<string>;
  title: string;
  target_date: string;
};

export type PlanActionsTable = Meta & {
  id: string;
  plan_id: string;
  goal_id: string;
  case_id: string;
  region_code: string;
  district_code: string;
  position: number;
  performer: string;
  organisation_id: Nullable<string>;
  service_id: Nullable<string>;
  user_id: Nullable<string>;
  person_id: Nullable<string>;
  what: string;
  due_date: string;
  status: WithDefault<string>;
  task_id: Nullable<string>;
  completed_at: Moment;
};

export type ReferralsTable = {
  id: string;
  case_id: string;
  region_code: string;
  district_code: string;
  from_organisation_id: string;
  to_organisation_id: string;
  service_id: Nullable<string>;
  category: Nullable<string>;
  plan_action_id: Nullable<string>;
  resent_from_id: Nullable<string>;
  reason: string;
  urgency: string;
  consent_id: Nullable<string>;
  consent_override_reason: Nullable<string>;
  consent_override_by: Nullable<string>;
  person_ids: string[];
  shared_fields: string[];
  snapshot: Json<Record<string, unknown>>;
  status: WithDefault<string>;
  sent_by: string;
  sent_at: Timestamp;
  accepted_at: Moment;
  declined_at: Moment;
  decline_reason: Nullable<string>;
  started_at: Moment;
  completed_at: Moment;
  outcome: Nullable<string>;
  cancelled_at: Moment;
  cancel_reason: Nullable<string>;
  handled_by: Nullable<string>;
  version: WithDefault<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: Nullable<string>;
};

export type PlansReferralsTables = {
  services: ServicesTable;
  consents: ConsentsTable;
  plans: PlansTable;
  plan_goals: PlanGoalsTable;
  plan_actions: PlanActionsTable;
  referrals: ReferralsTable;
};
