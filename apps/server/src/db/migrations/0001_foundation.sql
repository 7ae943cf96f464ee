-- Foundation: territories, organisations, users, sessions, login throttling, the audit log.
-- Every table that will hold case data carries its region code, so that it can be sharded by region when one primary is outgrown; these do not.

CREATE TABLE regions (
  code text PRIMARY KEY,
  name_uz_latn text NOT NULL,
  name_uz_cyrl text NOT NULL,
  name_ru text NOT NULL,
  name_en text NOT NULL,
  name_kaa text
);

CREATE TABLE districts (
  code text PRIMARY KEY,
  region_code text NOT NULL REFERENCES regions (code),
  name_uz_latn text NOT NULL,
  name_uz_cyrl text NOT NULL,
  name_ru text NOT NULL,
  name_en text NOT NULL,
  name_kaa text
);
CREATE INDEX districts_region_idx ON districts (region_code);

CREATE TABLE mahallas (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  district_code text NOT NULL REFERENCES districts (code),
  region_code text NOT NULL REFERENCES regions (code),
  name_uz_latn text NOT NULL,
  name_uz_cyrl text,
  name_ru text,
  name_en text,
  name_kaa text,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
CREATE INDEX mahallas_district_idx ON mahallas (district_code);

CREATE TABLE organisations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  district_code text NOT NULL REFERENCES districts (code),
  region_code text NOT NULL REFERENCES regions (code),
  territories text[] NOT NULL DEFAULT '{}',
  address text,
  phone text,
  approval_gates boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
CREATE INDEX organisations_district_idx ON organisations (district_code);
CREATE INDEX organisations_territories_idx ON organisations USING gin (territories);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  roles text[] NOT NULL,
  scope_level text NOT NULL,
  scope_territory_code text,
  locale text NOT NULL DEFAULT 'uz-Latn',
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
CREATE INDEX users_organisation_idx ON users (organisation_id);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed sign-ins counted per account ('user:<name>') and per address ('ip:<addr>').
CREATE TABLE login_attempts (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);

-- Append-only, hash-chained. Each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_events (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  at timestamptz NOT NULL,
  actor_id uuid,
  action text NOT NULL,
  entity_type text,
  entity_id uuid,
  ip text,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity_id, seq);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, seq);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- A worker's supervisor: the supervisor's team is the set of users pointing at them.
ALTER TABLE users ADD COLUMN supervisor_id uuid REFERENCES users (id);
CREATE INDEX users_supervisor_idx ON users (supervisor_id);
