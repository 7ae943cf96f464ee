-- Offline sync. A command sent by a device is recorded with its result in the same transaction as its
-- effect, so that the same command sent again (the answer was lost, the phone retried) is answered as before
-- and changes nothing.
CREATE TABLE sync_commands (
  user_id uuid NOT NULL,
  command_id uuid NOT NULL,
  device_id text NOT NULL,
  type text NOT NULL,
  entity_id uuid NOT NULL,
  -- The version of the record on the device when the change was typed; the server follows its own chain of
  -- versions from there for the next commands of the same device on the same record.
  base_version integer,
  -- The command as sent, hashed: a command id reused for another change is refused.
  request_hash text NOT NULL,
  status text NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, command_id)
);
CREATE INDEX sync_commands_chain_idx ON sync_commands (user_id, entity_id, base_version, created_at);
CREATE INDEX sync_commands_created_idx ON sync_commands (created_at);

-- A command whose base version was stale and whose fields were changed by someone else meanwhile: it waits
-- here, with the value before, theirs and mine of each field, until its author chooses.
CREATE TABLE sync_conflicts (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  command_id uuid NOT NULL,
  type text NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  payload jsonb NOT NULL,
  fields jsonb NOT NULL,
  -- The version of the record the `theirs` values were read from: a resolution applies to that version only.
  their_version integer,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  UNIQUE (user_id, command_id)
);
CREATE INDEX sync_conflicts_open_idx ON sync_conflicts (user_id, created_at) WHERE status = 'open';

-- What a device holds after each pull: for every record of its offline set, a token that changes whenever the
-- record does. The next pull sends what differs and what left the set. The cursor a device keeps is the id.
CREATE TABLE sync_cursors (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  tokens jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_cursors_created_idx ON sync_cursors (created_at);

-- A plan read for a device lists the referrals made for each action.
CREATE INDEX IF NOT EXISTS referrals_plan_action_idx ON referrals (plan_action_id) WHERE plan_action_id IS NOT NULL;
