import type { ColumnType, Generated } from 'kysely';

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
};

export type SessionsTable = {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
};

export type LoginAttemptsTable = {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
};

export type SchemaMigrationsTable = { name: string; applied_at: Timestamp };

export type Database = {
  regions: RegionsTable;
  districts: DistrictsTable;
  mahallas: MahallasTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
};
