-- Duplicate flagging on import: a registered namesake can only be a duplicate if born in the same year
-- (or with no year recorded), so the lookup reads the keys with the year, not every namesake.
CREATE INDEX persons_name_keys_birth_year_idx ON persons (surname_key, given_name_key, birth_year) WHERE merged_into IS NULL;
