-- The audit log stays append-only, with one exception: the hash of the newest event of a lane may be set again,
-- nothing else of it. An append checks the hash it wrote against the row as stored and corrects it, under the
-- lane's lock, if a stored form differed from the one hashed. It cannot hide tampering: content and links
-- cannot change, verification recomputes every hash, and once an event has a successor its hash is fixed.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
    AND to_jsonb(NEW) - 'hash' = to_jsonb(OLD) - 'hash'
    AND NOT EXISTS (SELECT 1 FROM audit_events WHERE lane = OLD.lane AND seq > OLD.seq) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;

-- Refused attempts (a 404 for a record that exists outside the caller's reach, a 403 for a missing CSRF token)
-- counted per actor and kind in a window, so that only telling moments of a flood are written to the audit log.
CREATE TABLE refused_attempts (
  key text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  refusals integer NOT NULL
);
