-- Retention: how long records are kept, legal holds on cases, erasure proposals decided by a second
-- administrator, and the clear values of personal fields held by audit events, kept outside the hash chain.

-- One row per record type: closed cases with their families (and everything hanging off them, attachments
-- included) are erased `years` after the family's last case closed; audit events lose the clear values of
-- their personal fields after `years`.
CREATE TABLE retention_schedule (
  record_type text PRIMARY KEY CHECK (record_type IN ('closed_case', 'audit_event')),
  years integer NOT NULL CHECK (years BETWEEN 1 AND 100),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);
INSERT INTO retention_schedule (record_type, years) VALUES ('closed_case', 10), ('audit_event', 25);

-- A legal hold stops any erasure of the case and its family until it is lifted. Lifted holds are kept as
-- history (they go with the case when it is erased).
CREATE TABLE legal_holds (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  reason text NOT NULL,
  set_by uuid NOT NULL REFERENCES users (id),
  set_at timestamptz NOT NULL DEFAULT now(),
  lifted_by uuid REFERENCES users (id),
  lifted_at timestamptz,
  lift_reason text
);
CREATE UNIQUE INDEX legal_holds_active_idx ON legal_holds (case_id) WHERE lifted_at IS NULL;

-- An erasure proposal: a family whose time has come, with what would go (ids, numbers and counts only, so
-- the proposal outlives the records). No foreign key to the family: the proposal stays once it is erased.
-- The daily run drafts one (no proposer); an administrator proposes it (its approval is asked then) and a
-- second administrator decides.
CREATE TABLE erasure_proposals (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL,
  region_code text NOT NULL REFERENCES regions (code),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('drafted', 'pending', 'erased', 'rejected')),
  items jsonb NOT NULL,
  approval_id uuid,
  proposed_by uuid REFERENCES users (id),
  proposed_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz
);
CREATE UNIQUE INDEX erasure_proposals_open_idx ON erasure_proposals (family_id) WHERE status IN ('drafted', 'pending');
CREATE INDEX erasure_proposals_list_idx ON erasure_proposals (proposed_at DESC, id DESC);

-- The approvals module decides erasures too: an erasure is about a family and its cases, which it outlives,
-- so its approval names no case.
ALTER TABLE approvals DROP CONSTRAINT approvals_kind_check;
ALTER TABLE approvals ADD CONSTRAINT approvals_kind_check
  CHECK (kind IN ('assessment', 'plan', 'closure', 'risk_override', 'gatekeeping', 'erasure'));
ALTER TABLE approvals ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE approvals ADD CONSTRAINT approvals_case_check CHECK (case_id IS NOT NULL OR kind = 'erasure');
ALTER TABLE erasure_proposals ADD CONSTRAINT erasure_proposals_approval_fk FOREIGN KEY (approval_id) REFERENCES approvals (id);

-- The clear value of a personal field an audit event holds. The event's chained details hold only a keyed
-- commitment (HMAC-SHA-256, key outside the database); erasing the subject, or the schedule, deletes the value
-- here and the chain still verifies.
CREATE TABLE audit_personal_values (
  event_id uuid NOT NULL,
  field text NOT NULL,
  subject_id uuid NOT NULL,
  value text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, field)
);
CREATE INDEX audit_personal_values_subject_idx ON audit_personal_values (subject_id);
CREATE INDEX audit_personal_values_at_idx ON audit_personal_values (at);
