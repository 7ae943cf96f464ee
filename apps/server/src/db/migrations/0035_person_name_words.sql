-- A person search with a typo or an unfinished name (no folded key equal to the query's) used to score every
-- person within the searcher's reach: 11 000 persons of a large district at a million persons, 60–85 ms. It now
-- goes in two small steps (persons/repo.ts, findBySimilarName):
--   1. the words of the query are looked up in the vocabulary of name words — every word that occurs in a
--      search key, a few thousand rows — by trigram similarity (its own GIN index);
--   2. the persons of the reach who carry one of those words are read from one GIN index whose entries are the
--      words prefixed by the person's region, district and organisation ("d1727220:karimava"), so a district's
--      posting lists hold only that district's persons;
-- and only those are scored against the whole query, as before.

CREATE TABLE person_name_words (
  word text PRIMARY KEY
);
CREATE INDEX person_name_words_trgm_idx ON person_name_words USING gin (word gin_trgm_ops);

-- The words of a search key as seen from a region, a district and an organisation.
CREATE FUNCTION person_search_terms(region text, district text, organisation uuid, search_key text)
  RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
  SELECT coalesce(array_agg(prefix || word), '{}')
  FROM unnest(string_to_array(search_key, ' ')) AS word,
    unnest(ARRAY['r' || region || ':', 'd' || district || ':', 'o' || organisation::text || ':']) AS prefix
  WHERE word <> ''
  $$;

CREATE INDEX persons_search_terms_idx ON persons
  USING gin (person_search_terms(region_code, district_code, organisation_id, search_key))
  WHERE merged_into IS NULL;

INSERT INTO person_name_words (word)
SELECT DISTINCT word FROM persons, unnest(string_to_array(search_key, ' ')) AS word WHERE word <> ''
ON CONFLICT DO NOTHING;

-- New words come with the persons who bring them, once per statement (an import of a thousand rows is one insert).
CREATE FUNCTION person_name_words_add() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO person_name_words (word)
  SELECT DISTINCT word FROM added, unnest(string_to_array(added.search_key, ' ')) AS word WHERE word <> ''
  ORDER BY word
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER person_name_words_insert AFTER INSERT ON persons
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION person_name_words_add();

-- A name corrected or erased: its new words are added, and an old word nobody else carries leaves the
-- vocabulary, so an erased name is not kept here either.
CREATE FUNCTION person_name_words_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  old_word text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO person_name_words (word)
    SELECT DISTINCT word FROM unnest(string_to_array(NEW.search_key, ' ')) AS word WHERE word <> ''
    ORDER BY word
    ON CONFLICT DO NOTHING;
  END IF;
  FOR old_word IN
    SELECT DISTINCT word FROM unnest(string_to_array(OLD.search_key, ' ')) AS word
    WHERE word <> '' AND (TG_OP = 'DELETE' OR word <> ALL (string_to_array(NEW.search_key, ' ')))
  LOOP
    -- The trigram index finds the keys that contain the word; the array test keeps only whole words. Persons
    -- merged into another are never searched (and a merge is not undone), so their words do not count.
    IF NOT EXISTS (
      SELECT 1 FROM persons
      WHERE merged_into IS NULL AND search_key LIKE '%' || old_word || '%' AND old_word = ANY (string_to_array(search_key, ' '))
    ) THEN
      DELETE FROM person_name_words WHERE word = old_word;
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER person_name_words_update AFTER UPDATE OF search_key ON persons
  FOR EACH ROW WHEN (OLD.search_key IS DISTINCT FROM NEW.search_key) EXECUTE FUNCTION person_name_words_change();
CREATE TRIGGER person_name_words_delete AFTER DELETE ON persons
  FOR EACH ROW EXECUTE FUNCTION person_name_words_change();
