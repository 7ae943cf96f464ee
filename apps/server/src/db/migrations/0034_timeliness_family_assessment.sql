-- The timeliness figures ("assessed", "assessment_days") are about the family assessment: a readiness
-- assessment (of one child's return home, `child_id` set, 0031) is made on the same case but is not the
-- case's assessment, so it no longer counts as one. The live count in reports/repo.ts reads the same.
--
-- The figures of the families that have a readiness assessment are taken out as the old function counted
-- them, and put back as the new one counts them (the same steps as a write's own transaction).
SELECT figures_touch(family_id)
FROM (SELECT DISTINCT cases.family_id FROM assessments JOIN cases ON cases.id = assessments.case_id
  WHERE assessments.child_id IS NOT NULL ORDER BY cases.family_id) readiness;

-- A family's figure rows, from the base tables (as in 0021, but for the two assessment measures).
CREATE OR REPLACE FUNCTION family_figures(fid uuid)
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
      WHERE EXISTS (SELECT 1 FROM assessments
        WHERE assessments.case_id = c.id AND assessments.child_id IS NULL AND assessments.submitted_at IS NOT NULL)
    UNION ALL SELECT id, 'planned', '', tashkent_month(opened_at) FROM c
      WHERE EXISTS (SELECT 1 FROM plans WHERE plans.case_id = c.id AND plans.submitted_at IS NOT NULL)
    UNION ALL SELECT id, measure, dim, m FROM referral_events
  ),
  event_months AS (
    SELECT DISTINCT places.level, places.region, places.district, places.place, events.measure, events.dim, events.m
    FROM events JOIN places ON places.id = events.id
  ),
  -- Days from opening to the first submitted family assessment and plan, to a tenth of a day, by opening month.
  days AS (
    SELECT c.id, 'assessment_days' AS measure, first.at AS at, c.opened_at
    FROM c CROSS JOIN LATERAL (SELECT min(submitted_at) AS at FROM assessments
      WHERE assessments.case_id = c.id AND assessments.child_id IS NULL AND submitted_at IS NOT NULL) first
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

SELECT figures_apply();
