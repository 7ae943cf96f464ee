-- Reports and dashboards (docs/reports.md). The labour-migration figures count the members abroad of the
-- families counted: a partial index holds just those persons, so the count never reads the whole table.
CREATE INDEX persons_abroad_family_idx ON persons (family_id) WHERE whereabouts_status = 'abroad' AND merged_into IS NULL;
-- Time to the first assessment and the first plan: each case's first submission, read from small indexes
-- rather than from the wide assessment and plan rows.
CREATE INDEX assessments_submitted_idx ON assessments (case_id, submitted_at) WHERE submitted_at IS NOT NULL;
CREATE INDEX plans_submitted_idx ON plans (case_id, submitted_at) WHERE submitted_at IS NOT NULL;
