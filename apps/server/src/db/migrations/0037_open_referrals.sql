-- The overdue referrals of reports and dashboards depend on the hour they are asked, so they cannot be kept as
-- counts. Until now they were counted live from the open referrals joined to their cases (for a family and a
-- territory): at 8 M persons the country's count walked 86 000 cases by index (190 ms). Each referral still
-- waiting for an answer or an outcome is now kept in a narrow table with the moment it falls due and its case's
-- family and territory, written by triggers in the transaction of every write that changes one of them, so the
-- count reads one index and no case.

-- When a referral's next answer is due (the domain's `referralDue`: days of 24 hours from sending, then from
-- acceptance, by urgency); null once it is final. A test compares the two.
CREATE FUNCTION referral_due_at(status text, urgency text, sent_at timestamptz, accepted_at timestamptz) RETURNS timestamptz
  LANGUAGE sql STABLE
  AS $$
  SELECT CASE
    WHEN status = 'sent' THEN
      sent_at + make_interval(hours => 24 * CASE urgency WHEN 'emergency' THEN 1 WHEN 'urgent' THEN 3 WHEN 'routine' THEN 7 END)
    WHEN status IN ('accepted', 'in_progress') THEN
      accepted_at + make_interval(hours => 24 * CASE urgency WHEN 'emergency' THEN 7 WHEN 'urgent' THEN 14 WHEN 'routine' THEN 30 END)
  END
$$;

CREATE TABLE open_referrals (
  referral_id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  family_id uuid NOT NULL,
  region_code text NOT NULL,
  district_code text NOT NULL,
  category text,
  sent_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL
);
-- The country reads it whole, a region or a district by its prefix; all the count needs is in the index.
CREATE INDEX open_referrals_due_idx ON open_referrals (region_code, district_code, due_at) INCLUDE (sent_at, family_id, category);
CREATE INDEX open_referrals_case_idx ON open_referrals (case_id);

-- A referral's row as it is now (none once it is final or has no due moment). The family's row is locked first,
-- as the figures' triggers (0021) lock it for every write to a referral or to its case's family or territory:
-- a transfer of the case in another transaction either ends before this reads the case, or waits and then moves
-- this row too. The figures' triggers have mostly taken that lock already in this transaction, so it adds no
-- order of locking that could deadlock.
CREATE FUNCTION open_referrals_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM families WHERE id = (SELECT family_id FROM cases WHERE id = NEW.case_id) FOR NO KEY UPDATE;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM open_referrals WHERE referral_id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO open_referrals (referral_id, case_id, family_id, region_code, district_code, category, sent_at, due_at)
      SELECT NEW.id, NEW.case_id, cases.family_id, cases.region_code, cases.district_code, NEW.category, NEW.sent_at, due.at
      FROM cases, referral_due_at(NEW.status, NEW.urgency, NEW.sent_at, NEW.accepted_at) AS due (at)
      WHERE cases.id = NEW.case_id AND due.at IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;

-- A case moved to another territory or family takes its open referrals with it.
CREATE FUNCTION open_referrals_follow_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE open_referrals SET family_id = NEW.family_id, region_code = NEW.region_code, district_code = NEW.district_code
  WHERE case_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER open_referrals_insert AFTER INSERT OR DELETE ON referrals FOR EACH ROW EXECUTE FUNCTION open_referrals_keep();
CREATE TRIGGER open_referrals_update AFTER UPDATE OF case_id, status, urgency, sent_at, accepted_at, category ON referrals FOR EACH ROW
  WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.urgency IS DISTINCT FROM NEW.urgency OR OLD.sent_at IS DISTINCT FROM NEW.sent_at
    OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at OR OLD.category IS DISTINCT FROM NEW.category)
  EXECUTE FUNCTION open_referrals_keep();
CREATE TRIGGER open_referrals_cases AFTER UPDATE OF family_id, region_code, district_code ON cases FOR EACH ROW
  WHEN (OLD.family_id IS DISTINCT FROM NEW.family_id OR OLD.region_code IS DISTINCT FROM NEW.region_code
    OR OLD.district_code IS DISTINCT FROM NEW.district_code)
  EXECUTE FUNCTION open_referrals_follow_case();

-- The open referrals as the triggers keep them, counted afresh from the referrals and their cases.
CREATE FUNCTION open_referrals_rebuild() RETURNS bigint
  LANGUAGE plpgsql
  AS $$
DECLARE
  total bigint;
BEGIN
  LOCK TABLE open_referrals IN ACCESS EXCLUSIVE MODE;
  DELETE FROM open_referrals;
  INSERT INTO open_referrals (referral_id, case_id, family_id, region_code, district_code, category, sent_at, due_at)
    SELECT referrals.id, referrals.case_id, cases.family_id, cases.region_code, cases.district_code, referrals.category,
      referrals.sent_at, referral_due_at(referrals.status, referrals.urgency, referrals.sent_at, referrals.accepted_at)
    FROM referrals JOIN cases ON cases.id = referrals.case_id
    WHERE referral_due_at(referrals.status, referrals.urgency, referrals.sent_at, referrals.accepted_at) IS NOT NULL;
  GET DIAGNOSTICS total = ROW_COUNT;
  ANALYZE open_referrals;
  RETURN total;
END
$$;

-- Both summary tables recounted: `npx hamkor summaries rebuild`, and the generator after loading with triggers off.
CREATE FUNCTION summaries_rebuild() RETURNS TABLE (figures bigint, open_referrals bigint)
  LANGUAGE sql
  AS $$
  SELECT figures_rebuild(), open_referrals_rebuild()
$$;

SELECT open_referrals_rebuild();
