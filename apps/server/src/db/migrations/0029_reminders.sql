-- Reminders by Telegram and SMS (docs/reminders.md): each user's choice of channel, appointments a family
-- is reminded of with its consent, and the log of deliveries with their retries.

-- How reminders reach a user: by a Telegram chat linked with a one-time start code, by SMS to a phone
-- number, or not at all (in-app notifications stay). Only the start code's SHA-256 is kept.
CREATE TABLE reminder_settings (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  channel text NOT NULL DEFAULT 'none' CHECK (channel IN ('none', 'telegram', 'sms')),
  phone text CHECK (phone ~ '^\+998[0-9]{9}$'),
  telegram_chat_id text,
  telegram_linked_at timestamptz,
  link_code_hash text UNIQUE,
  link_code_expires_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (channel <> 'sms' OR phone IS NOT NULL)
);

-- An appointment a family member is reminded of by SMS; only with a consent that names the purpose
-- `appointment_reminders`. The message carries the date, time, place and the organisation's phone alone.
CREATE TABLE family_appointments (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  person_id uuid NOT NULL REFERENCES persons (id),
  consent_id uuid NOT NULL REFERENCES consents (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  at timestamptz NOT NULL,
  place text NOT NULL,
  phone text NOT NULL CHECK (phone ~ '^\+998[0-9]{9}$'),
  locale text NOT NULL DEFAULT 'uz-Latn',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id)
);
CREATE INDEX family_appointments_case_idx ON family_appointments (case_id, at);

-- Every message to send, sent or given up on. No message text and no phone number: the text is written
-- from `params` (counts, ids) when it is sent. `dedupe_key` makes each message once only, whichever server
-- process writes it first (a digest: `digest:<user>:<day>`).
CREATE TABLE reminder_deliveries (
  id uuid PRIMARY KEY,
  dedupe_key text NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('telegram', 'sms')),
  recipient_user_id uuid REFERENCES users (id),
  recipient_person_id uuid REFERENCES persons (id),
  kind text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  error_code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK ((recipient_user_id IS NULL) <> (recipient_person_id IS NULL))
);
CREATE INDEX reminder_deliveries_due_idx ON reminder_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX reminder_deliveries_failed_idx ON reminder_deliveries (created_at DESC) WHERE status = 'failed';

-- A consent may be for a purpose beside sharing: `appointment_reminders` lets the family be sent reminders.
-- A consent for that alone shares nothing, so the scope may now hold a purpose only.
ALTER TABLE consents ADD COLUMN purposes text[] NOT NULL DEFAULT '{}';
ALTER TABLE consents DROP CONSTRAINT consents_check;
ALTER TABLE consents ADD CONSTRAINT consents_scope_check
  CHECK (cardinality(scope_categories) + cardinality(scope_organisation_ids) + cardinality(purposes) > 0);
