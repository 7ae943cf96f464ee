-- An assessment may mark a domain "not assessed" instead of answering it: domain key → {reason, note}.
-- Submission needs every domain answered or so marked; a marked domain is not scored.
ALTER TABLE assessments ADD COLUMN not_assessed jsonb NOT NULL DEFAULT '{}'::jsonb;

-- A published instrument version is never rewritten: its questions and risk rule (weights, points,
-- thresholds) are what the assessments made with it were computed by. A change is a new version.
CREATE FUNCTION instruments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'instrument % version % is published and cannot change: publish a new version', OLD.key, OLD.version;
END;
$$;
CREATE TRIGGER instruments_no_update BEFORE UPDATE ON instruments
  FOR EACH ROW EXECUTE FUNCTION instruments_immutable();
