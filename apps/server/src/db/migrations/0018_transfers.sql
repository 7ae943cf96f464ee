-- A case sent to another organisation (a family moving to another district, or back from abroad). The case
-- stays with the sender while the transfer is pending; the receiving supervisor accepts it (the case, its
-- plan and its open tasks move) or returns it with a reason. One pending transfer per case at a time.
CREATE TABLE case_transfers (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  region_code text NOT NULL REFERENCES regions (code),
  from_organisation_id uuid NOT NULL REFERENCES organisations (id),
  to_organisation_id uuid NOT NULL REFERENCES organisations (id),
  reason text NOT NULL,
  consent_id uuid NOT NULL REFERENCES consents (id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'returned')),
  sent_by uuid NOT NULL REFERENCES users (id),
  sent_at timestamptz NOT NULL DEFAULT now(),
  -- Who worked the case when it was sent, and who works it after it was accepted.
  from_assigned_user_id uuid REFERENCES users (id),
  assignee_id uuid REFERENCES users (id),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  return_reason text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (status <> 'returned' OR return_reason IS NOT NULL)
);
CREATE UNIQUE INDEX case_transfers_one_pending_idx ON case_transfers (case_id) WHERE status = 'pending';
CREATE INDEX case_transfers_case_idx ON case_transfers (case_id, id DESC);
-- The receiving organisation's inbox and the sending organisation's outbox, newest first.
CREATE INDEX case_transfers_to_idx ON case_transfers (to_organisation_id, id DESC);
CREATE INDEX case_transfers_from_idx ON case_transfers (from_organisation_id, id DESC);
