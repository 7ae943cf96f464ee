import type { ColumnType } from 'kysely';

/** Kysely's view of the table of migration 0023: tracing requests. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Moment = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type WithDefault<T> = ColumnType<T, T | undefined, T>;

export type TracingRequestsTable = {
  id: string;
  kind: string;
  organisation_id: string;
  region_code: string;
  district_code: string;
  child_id: Nullable<string>;
  case_id: Nullable<string>;
  /** What is known of the person sought, as typed (the API's `sought`). */
  sought: ColumnType<unknown, string, string>;
  consent_given_by: string;
  /** Selected as 'YYYY-MM-DD' text. */
  consent_date: string;
  note: Nullable<string>;
  status: WithDefault<string>;
  matched_person_id: Nullable<string>;
  verified_by: Nullable<string>;
  verified_at: Moment;
  reunified_at: Moment;
  closed_at: Moment;
  close_note: Nullable<string>;
  version: WithDefault<number>;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
};

export type TracingTables = { tracing_requests: TracingRequestsTable };
