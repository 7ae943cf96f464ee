-- The deferred trigger that applies a transaction's figures at commit fires once per row written (0021): an
-- import of 100 000 persons fires it 100 000 times. The first call applies every touched family and empties
-- figures_touched; each later one asked whether the table was empty, and the rows the first had deleted are
-- still there to be stepped over until the transaction ends, so the import's COMMIT scanned 25 000 dead rows
-- 100 000 times (a minute and more). Whether anything is waiting is now a setting of the transaction, set by
-- figures_touch and cleared by figures_apply; like the rows it stands for, it is taken back with a rolled-back
-- savepoint or transaction.

CREATE OR REPLACE FUNCTION figures_touch(fid uuid) RETURNS void
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
  PERFORM set_config('hamkor.figures_pending', 'on', true);
END
$$;

CREATE OR REPLACE FUNCTION figures_apply() RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF current_setting('hamkor.figures_pending', true) IS DISTINCT FROM 'on' THEN
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
  PERFORM set_config('hamkor.figures_pending', 'off', true);
END
$$;
