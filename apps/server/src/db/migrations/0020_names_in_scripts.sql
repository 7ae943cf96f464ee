-- Organisations and services carry their names in every script territories do: `name` stays the Uzbek
-- Latin name (the one searched and sorted by, as before); the others are optional, and a reader whose
-- language has none sees the Uzbek Latin name.
ALTER TABLE organisations
  ADD COLUMN name_uz_cyrl text,
  ADD COLUMN name_ru text,
  ADD COLUMN name_en text,
  ADD COLUMN name_kaa text;

ALTER TABLE services
  ADD COLUMN name_uz_cyrl text,
  ADD COLUMN name_ru text,
  ADD COLUMN name_en text,
  ADD COLUMN name_kaa text;

-- "My families" looks up the families a worker registered (those without a case yet).
CREATE INDEX families_created_by_idx ON families (created_by) WHERE merged_into IS NULL;
