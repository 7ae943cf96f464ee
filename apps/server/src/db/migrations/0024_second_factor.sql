-- A second factor (TOTP, RFC 6238) with recovery codes, sessions a user can list and end, and the key that
-- seals TOTP secrets and signs "remember this device" cookies (docs/security.md).

-- One per installation, drawn here and never sent anywhere: TOTP secrets are stored encrypted under a key
-- derived from it, and remembered-device cookies are signed with another.
CREATE TABLE second_factor_key (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  secret text NOT NULL
);
INSERT INTO second_factor_key (secret) VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

-- A user's TOTP: pending from enrolment until a first code confirms it. `last_step` is the time step of the
-- last code accepted, so a code seen over a shoulder cannot be used again. `epoch` changes on every
-- confirmation: remembered-device cookies name it, so a reset second factor forgets every remembered device.
CREATE TABLE user_totp (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  secret_sealed text NOT NULL,
  confirmed_at timestamptz,
  last_step bigint,
  epoch uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Ten per confirmation, each usable once; only their SHA-256 is kept (they carry 80 random bits).
CREATE TABLE totp_recovery_codes (
  user_id uuid NOT NULL REFERENCES users (id),
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- Sessions get an id to be named by (the token's hash is never shown), the device they were opened from, and
-- whether they may only enrol a second factor (a role that must have one, signed in without it).
ALTER TABLE sessions ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE sessions ADD CONSTRAINT sessions_id_key UNIQUE (id);
ALTER TABLE sessions ADD COLUMN device text;
ALTER TABLE sessions ADD COLUMN enrol_only boolean NOT NULL DEFAULT false;
