-- Summary figures for dashboards and reports (docs/reports.md, "Summary figures"), kept exact in the
-- transaction of every write that changes one, so a national figure is a sum over a few thousand rows
-- instead of a pass over every case of the country.
--
-- Every figure counts distinct families. A count of distinct families over a period cannot be added up
-- from monthly counts (a family may have cases in several months), so each row says, besides its month,
-- the family's previous month with the same event at the same place (`m2`): families with an event within
-- months [A, B] are the rows with A <= m1 <= B whose m2 is none or before A. Figures at the end of a
-- month (open cases, risk, migration) are kept as each family's open spells merged per place: rows with
-- m1 <= M and m2 none or after M.
--
-- The rows of a family are what `family_figures` computes from the base tables. A trigger before the
-- first change of a family's records in a transaction keeps its rows as they were (negated, in
-- figures_delta); a deferred trigger at commit adds its rows as they are now, all families of the
-- transaction in one statement in key order (no deadlocks on the country's rows).

-- The calendar month in Tashkent (UTC+5 all year) of a moment.
CREATE FUNCTION tashkent_month(moment timestamptz) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_char((moment AT TIME ZONE 'UTC') + interval '5 hours', 'YYYY-MM') $$;

-- Kept for the country, each region and each district (a district's mahallas are counted from its cases,
-- which are few). The key starts with what every query asks for, so one measure of one level is one range
-- of the index and, written in key order by the rebuild, a few pages; room is left on each page for
-- updates in place.
CREATE TABLE figures (
  -- 'country', 'region' or 'district'.
  level text NOT NULL,
  measure text NOT NULL,
  -- The place's region and district codes ('' above them), and its own code ('' for the country).
  region text NOT NULL,
  district text NOT NULL,
  place text NOT NULL,
  dim text NOT NULL,
  m1 text NOT NULL,
  -- '' means none: no earlier month (events), still open (spells).
  m2 text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (level, measure, region, district, place, dim, m1, m2)
) WITH (fillfactor = 70);

CREATE TABLE figures_touched (family_id uuid PRIMARY KEY);
CREATE TABLE figures_delta (
  family_id uuid NOT NULL,
  level text NOT NULL,
  region text NOT NULL,
  district text NOT NULL,
  place text NOT NULL,
  measure text NOT NULL,
  dim text NOT NULL,
  m1 text NOT NULL,
  m2 text NOT NULL,
  n integer NOT NULL
);
CREATE INDEX figures_delta_family_idx ON figures_delta (family_id);

-- A family's figure rows, from the base tables.
CREATE FUNCTION family_figures(fid uuid)
  RETURNS TABLE (level text, region text, district text, place text, measure text, dim text, m1 text, m2 text, n integer)
  LANGUAGE sql STABLE
  AS $$
  WITH c AS (
    SELECT cases.id, cases.region_code, cases.district_code, cases.opened_at, cases.closed_at, cases.risk_level,
      cases.identification_source, cases.closure_reason
    FROM cases
    WHERE cases.family_id = fid
  ),
  places AS (
    SELECT c.id, p.level, p.region, p.district, p.place
    FROM c CROSS JOIN LATERAL (VALUES
      ('country', '', '', ''),
      ('region', c.region_code, '', c.region_code),
      ('district', c.region_code, c.district_code, c.district_code)) AS p (level, region, district, place)
  ),
  referral_events AS (
    SELECT referrals.case_id AS id, kind.measure, dims.dim, tashkent_month(referrals.sent_at) AS m
    FROM referrals JOIN c ON c.id = referrals.case_id
      CROSS JOIN LATERAL (VALUES
        ('ref_sent', true),
        ('ref_accepted', referrals.accepted_at IS NOT NULL),
        ('ref_declined', referrals.status = 'declined'),
        ('ref_completed', referrals.status = 'completed')) AS kind (measure, applies)
      CROSS JOIN LATERAL (VALUES ('*'), (coalesce(referrals.category, 'unknown'))) AS dims (dim)
    WHERE kind.applies
  ),
  events AS (
    SELECT id, 'opened' AS measure, '' AS dim, tashkent_month(opened_at) AS m FROM c
    UNION ALL SELECT id, 'closed', '', tashkent_month(closed_at) FROM c WHERE closed_at IS NOT NULL
    UNION ALL SELECT id, 'source', identification_source, tashkent_month(opened_at) FROM c
    UNION ALL SELECT id, 'closure', closure_reason, tashkent_month(closed_at) FROM c
      WHERE closed_at IS NOT NULL AND closure_reason IS NOT NULL
    UNION ALL SELECT id, 'assessed', '', tashkent_month(opened_at) FROM c
      WHERE EXISTS (SELECT 1 FROM assessments WHERE assessments.case_id = c.id AND assessments.submitted_at IS NOT NULL)
    UNION ALL SELECT id, 'planned', '', tashkent_month(opened_at) FROM c
      WHERE EXISTS (SELECT 1 FROM plans WHERE plans.case_id = c.id AND plans.submitted_at IS NOT NULL)
    UNION ALL SELECT id, measure, dim, m FROM referral_events
  ),
  event_months AS (
    SELECT DISTINCT places.level, places.region, places.district, places.place, events.measure, events.dim, events.m
    FROM events JOIN places ON places.id = events.id
  ),
  -- Days from opening to the first submitted assessment and plan, to a tenth of a day, by opening month.
  days AS (
    SELECT c.id, 'assessment_days' AS measure, first.at AS at, c.opened_at
    FROM c CROSS JOIN LATERAL (SELECT min(submitted_at) AS at FROM assessments WHERE assessments.case_id = c.id AND submitted_at IS NOT NULL) first
    UNION ALL
    SELECT c.id, 'plan_days', first.at, c.opened_at
    FROM c CROSS JOIN LATERAL (SELECT min(submitted_at) AS at FROM plans WHERE plans.case_id = c.id AND submitted_at IS NOT NULL) first
  ),
  day_rows AS (
    SELECT places.level, places.region, places.district, places.place, days.measure,
      round((extract(epoch FROM (days.at - days.opened_at)) / 86400.0)::numeric, 1)::text AS dim,
      tashkent_month(days.opened_at) AS m1, '' AS m2, 1 AS n
    FROM days JOIN places ON places.id = days.id
    WHERE days.at IS NOT NULL
  ),
  -- Open spells by month: [opened month, closed month); none when opened and closed in one month.
  spells AS (
    SELECT id, 'open' AS measure, '' AS dim, tashkent_month(opened_at) AS s, coalesce(tashkent_month(closed_at), '9999-99') AS e FROM c
    UNION ALL
    SELECT id, 'risk', coalesce(risk_level, 'not_assessed'), tashkent_month(opened_at), coalesce(tashkent_month(closed_at), '9999-99') FROM c
  ),
  placed_spells AS (
    SELECT places.level, places.region, places.district, places.place, spells.measure, spells.dim, spells.s, spells.e
    FROM spells JOIN places ON places.id = spells.id
    WHERE spells.e > spells.s
  ),
  -- Each case's own spell (the by-month caseload counts cases, not families).
  case_spells AS (
    SELECT level, region, district, place, 'open_cases' AS measure, '' AS dim, s AS m1, e AS m2, 1 AS n
    FROM placed_spells WHERE measure = 'open'
  ),
  -- Spells of the same family at the same place merged, so a family counts once at a month's end.
  ordered AS (
    SELECT placed_spells.*,
      max(e) OVER (PARTITION BY level, region, district, place, measure, dim ORDER BY s, e
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM placed_spells
  ),
  islands AS (
    SELECT ordered.*,
      sum(CASE WHEN reach IS NULL OR s > reach THEN 1 ELSE 0 END)
        OVER (PARTITION BY level, region, district, place, measure, dim ORDER BY s, e) AS island
    FROM ordered
  ),
  merged AS (
    SELECT level, region, district, place, measure, dim, min(s) AS m1, max(e) AS m2
    FROM islands GROUP BY level, region, district, place, measure, dim, island
  ),
  abroad AS (
    SELECT count(*)::int AS persons FROM persons
    WHERE persons.family_id = fid AND persons.whereabouts_status = 'abroad' AND persons.merged_into IS NULL
  ),
  all_rows AS (
    SELECT level, region, district, place, measure, dim, m AS m1,
      coalesce(lag(m) OVER (PARTITION BY level, region, district, place, measure, dim ORDER BY m), '') AS m2, 1 AS n
    FROM event_months
    UNION ALL SELECT level, region, district, place, measure, dim, m1, m2, 1 FROM merged
    UNION ALL SELECT level, region, district, place, 'mig_families', '', m1, m2, 1
      FROM merged, abroad WHERE merged.measure = 'open' AND abroad.persons > 0
    UNION ALL SELECT level, region, district, place, 'mig_persons', '', m1, m2, abroad.persons
      FROM merged, abroad WHERE merged.measure = 'open' AND abroad.persons > 0
    UNION ALL SELECT * FROM case_spells
    UNION ALL SELECT * FROM day_rows
  )
  SELECT level, region, district, place, measure, dim, m1, CASE WHEN m2 = '9999-99' THEN '' ELSE m2 END, sum(n)::int
  FROM all_rows
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
$$;

-- Before the first change of a family's records in a transaction: keep its rows as they were, negated.
-- Locking the family's row makes transactions changing one family take turns, so "as they were" is what
-- the previous one committed (a row lock, not an advisory one: an import touches thousands of families in
-- one transaction and the lock table is small).
CREATE FUNCTION figures_touch(fid uuid) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF fid IS NULL OR EXISTS (SELECT 1 FROM figures_touched WHERE family_id = fid) THEN
    RETURN;
  END IF;
  PERFORM 1 FROM families WHERE id = fid FOR NO KEY UPDATE;
  INSERT INTO figures_touched (family_id) VALUES (fid);
  INSERT INTO figures_delta (family_id, level, region, district, place, measure, dim, m1, m2, n)
    SELECT fid, f.level, f.region, f.district, f.place, f.measure, f.dim, f.m1, f.m2, -f.n FROM family_figures(fid) f;
END
$$;

-- At commit: every touched family's rows as they are now, minus as they were, into the figures.
CREATE FUNCTION figures_apply() RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM figures_touched) THEN
    RETURN;
  END IF;
  INSERT INTO figures_delta (family_id, level, region, district, place, measure, dim, m1, m2, n)
    SELECT t.family_id, f.level, f.region, f.district, f.place, f.measure, f.dim, f.m1, f.m2, f.n
    FROM figures_touched t CROSS JOIN LATERAL family_figures(t.family_id) f;
  INSERT INTO figures AS current (level, measure, region, district, place, dim, m1, m2, n)
    SELECT level, measure, region, district, place, dim, m1, m2, sum(n)
    FROM figures_delta
    GROUP BY level, measure, region, district, place, dim, m1, m2
    HAVING sum(n) <> 0
    ORDER BY level, measure, region, district, place, dim, m1, m2
  ON CONFLICT (level, measure, region, district, place, dim, m1, m2) DO UPDATE SET n = current.n + excluded.n;
  DELETE FROM figures_delta;
  DELETE FROM figures_touched;
END
$$;

CREATE FUNCTION figures_before_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM figures_touch(OLD.family_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM figures_touch(NEW.family_id); END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE FUNCTION figures_before_case_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM figures_touch((SELECT family_id FROM cases WHERE id = OLD.case_id)); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM figures_touch((SELECT family_id FROM cases WHERE id = NEW.case_id)); END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE FUNCTION figures_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply();
  RETURN NULL;
END $$;

-- Cases: every column a figure reads.
CREATE TRIGGER figures_cases_insert BEFORE INSERT OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION figures_before_case();
CREATE TRIGGER figures_cases_update BEFORE UPDATE OF family_id, region_code, district_code, opened_at, closed_at, risk_level,
  identification_source, closure_reason ON cases FOR EACH ROW
  WHEN (OLD.family_id IS DISTINCT FROM NEW.family_id OR OLD.region_code IS DISTINCT FROM NEW.region_code
    OR OLD.district_code IS DISTINCT FROM NEW.district_code OR OLD.opened_at IS DISTINCT FROM NEW.opened_at
    OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.risk_level IS DISTINCT FROM NEW.risk_level
    OR OLD.identification_source IS DISTINCT FROM NEW.identification_source OR OLD.closure_reason IS DISTINCT FROM NEW.closure_reason)
  EXECUTE FUNCTION figures_before_case();
CREATE CONSTRAINT TRIGGER figures_cases_commit AFTER INSERT OR UPDATE OR DELETE ON cases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_at_commit();

-- Referrals: when sent, accepted, their status and category.
CREATE TRIGGER figures_referrals_insert BEFORE INSERT OR DELETE ON referrals FOR EACH ROW EXECUTE FUNCTION figures_before_case_child();
CREATE TRIGGER figures_referrals_update BEFORE UPDATE OF case_id, status, sent_at, accepted_at, category ON referrals FOR EACH ROW
  WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.status IS DISTINCT FROM NEW.status OR OLD.sent_at IS DISTINCT FROM NEW.sent_at
    OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at OR OLD.category IS DISTINCT FROM NEW.category)
  EXECUTE FUNCTION figures_before_case_child();
CREATE CONSTRAINT TRIGGER figures_referrals_commit AFTER INSERT OR UPDATE OR DELETE ON referrals
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_at_commit();

-- Assessments and plans: when first submitted.
CREATE TRIGGER figures_assessments_insert BEFORE INSERT OR DELETE ON assessments FOR EACH ROW EXECUTE FUNCTION figures_before_case_child();
CREATE TRIGGER figures_assessments_update BEFORE UPDATE OF case_id, submitted_at ON assessments FOR EACH ROW
  WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at)
  EXECUTE FUNCTION figures_before_case_child();
CREATE CONSTRAINT TRIGGER figures_assessments_commit AFTER INSERT OR UPDATE OR DELETE ON assessments
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_at_commit();
CREATE TRIGGER figures_plans_insert BEFORE INSERT OR DELETE ON plans FOR EACH ROW EXECUTE FUNCTION figures_before_case_child();
CREATE TRIGGER figures_plans_update BEFORE UPDATE OF case_id, submitted_at ON plans FOR EACH ROW
  WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at)
  EXECUTE FUNCTION figures_before_case_child();
CREATE CONSTRAINT TRIGGER figures_plans_commit AFTER INSERT OR UPDATE OR DELETE ON plans
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_at_commit();

-- Persons: members abroad (migration figures).
CREATE TRIGGER figures_persons_insert BEFORE INSERT OR DELETE ON persons FOR EACH ROW EXECUTE FUNCTION figures_before_case();
CREATE TRIGGER figures_persons_update BEFORE UPDATE OF family_id, whereabouts_status, merged_into ON persons FOR EACH ROW
  WHEN (OLD.family_id IS DISTINCT FROM NEW.family_id OR OLD.whereabouts_status IS DISTINCT FROM NEW.whereabouts_status
    OR OLD.merged_into IS DISTINCT FROM NEW.merged_into)
  EXECUTE FUNCTION figures_before_case();
CREATE CONSTRAINT TRIGGER figures_persons_commit AFTER INSERT OR UPDATE OR DELETE ON persons
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_at_commit();

-- Recomputes every figure from the base tables (`npx hamkor summaries rebuild`). The exclusive lock waits
-- for writers in flight and holds new ones until the figures are whole again; a writer that touched a
-- family before adds its change on top at its commit, as always.
CREATE FUNCTION figures_rebuild() RETURNS bigint
  LANGUAGE plpgsql
  AS $$
DECLARE
  total bigint;
BEGIN
  LOCK TABLE figures IN ACCESS EXCLUSIVE MODE;
  DELETE FROM figures;
  INSERT INTO figures (level, measure, region, district, place, dim, m1, m2, n)
    SELECT f.level, f.measure, f.region, f.district, f.place, f.dim, f.m1, f.m2, sum(f.n)
    FROM (SELECT DISTINCT family_id FROM cases) touched CROSS JOIN LATERAL family_figures(touched.family_id) f
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8;
  GET DIAGNOSTICS total = ROW_COUNT;
  ANALYZE figures;
  RETURN total;
END
$$;

-- Referrals still waiting for an answer or a completion: the overdue count reads just them.
CREATE INDEX referrals_open_idx ON referrals (sent_at) WHERE status IN ('sent', 'accepted', 'in_progress');

SELECT figures_rebuild();
