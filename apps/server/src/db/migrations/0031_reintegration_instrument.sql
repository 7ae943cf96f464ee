-- A second kind of instrument: the family's readiness for the return of a child in residential care. Its
-- assessments are made on the family's case like the family assessment, but each weighs one child's return:
-- the child it is about. Null for a family assessment (of the whole family); set for every readiness
-- assessment (the service checks the child is of the case's family and in care when it starts).
ALTER TABLE assessments ADD COLUMN child_id uuid REFERENCES persons (id);
-- The child's latest readiness assessment, read with the child's care history.
CREATE INDEX assessments_child_idx ON assessments (child_id, created_at DESC) WHERE child_id IS NOT NULL;
