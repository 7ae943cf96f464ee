-- Families (households) and their members, with the folded name keys that let search and duplicate
-- detection meet Latin, Cyrillic and Russian spellings of one name. Both tables carry region_code
-- (so that the tables can one day be sharded by region); persons also carry their family's district and organisation, so that a search is
-- limited to the caller's reach without a join. Indexes are planned for millions of persons.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE families (
  id uuid PRIMARY KEY,
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL REFERENCES districts (code),
  mahalla_code text REFERENCES mahallas (code),
  -- The organisation that registered the family owns it.
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  address text NOT NULL,
  phones text[] NOT NULL DEFAULT '{}',
  identification_source text NOT NULL,
  social_register_category text,
  living_conditions jsonb,
  notes text,
  -- The import that brought the family in, if any: its audit event names the import, not each family.
  import_id uuid,
  -- A duplicate merged into another family is kept, pointing at the survivor.
  merged_into uuid REFERENCES families (id),
  merged_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
CREATE INDEX families_district_idx ON families (district_code);
CREATE INDEX families_organisation_idx ON families (organisation_id);
CREATE INDEX families_region_idx ON families (region_code);
CREATE INDEX families_merged_into_idx ON families (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX families_import_idx ON families (import_id) WHERE import_id IS NOT NULL;

CREATE TABLE persons (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL REFERENCES families (id),
  region_code text NOT NULL REFERENCES regions (code),
  district_code text NOT NULL REFERENCES districts (code),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  surname text NOT NULL,
  given_name text NOT NULL,
  patronymic text,
  -- foldForSearch of surname, given name and patronymic: word keys for trigram search.
  search_key text NOT NULL,
  -- nameKey of surname and of given name: exact keys for duplicate detection.
  surname_key text NOT NULL,
  given_name_key text NOT NULL,
  birth_date date,
  birth_year smallint,
  birth_precision text,
  age_stated smallint,
  age_stated_on date,
  sex text NOT NULL,
  pinfl text,
  id_card text,
  birth_certificate text,
  relationship text NOT NULL,
  documents_held text[] NOT NULL DEFAULT '{}',
  documents_missing text[] NOT NULL DEFAULT '{}',
  disability_group text,
  disability_note text,
  schooling_kind text,
  schooling_institution text,
  schooling_grade smallint,
  whereabouts_status text NOT NULL DEFAULT 'present',
  whereabouts_country text,
  whereabouts_since date,
  sends_support boolean,
  contact_channel text,
  whereabouts_place text,
  vulnerability_markers text[] NOT NULL DEFAULT '{}',
  merged_into uuid REFERENCES persons (id),
  merged_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
-- Search when no key is equal (typos, unfinished names), and duplicates: trigram similarity of the
-- folded query against the folded names of persons not merged away.
CREATE INDEX persons_search_key_trgm_idx ON persons USING gin (search_key gin_trgm_ops) WHERE merged_into IS NULL;
-- Search and duplicates by exact key: the same folded surname and given name in any script.
CREATE INDEX persons_name_keys_idx ON persons (surname_key, given_name_key) WHERE merged_into IS NULL;
CREATE INDEX persons_given_name_key_idx ON persons (given_name_key) WHERE merged_into IS NULL;
-- The same PINFL.
CREATE INDEX persons_pinfl_idx ON persons (pinfl) WHERE pinfl IS NOT NULL;
-- Reach: which persons a user may find, by district, region or owning organisation.
CREATE INDEX persons_district_idx ON persons (district_code);
CREATE INDEX persons_region_idx ON persons (region_code);
CREATE INDEX persons_organisation_idx ON persons (organisation_id);
CREATE INDEX persons_family_idx ON persons (family_id);

-- Pairs a worker has confirmed are two different people, so they are no longer suggested as duplicates.
CREATE TABLE person_non_duplicates (
  person_id uuid NOT NULL REFERENCES persons (id),
  other_person_id uuid NOT NULL REFERENCES persons (id),
  region_code text NOT NULL REFERENCES regions (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (person_id, other_person_id),
  CHECK (person_id < other_person_id)
);
CREATE INDEX person_non_duplicates_other_idx ON person_non_duplicates (other_person_id);
