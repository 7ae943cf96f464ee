-- Tasks close themselves when what they ask for happens; one cancelled by the system says why
-- (`case_closed`, `plan_superseded`). An assessment may mark a domain "not assessed", with the reason,
-- instead of answering it: submission needs every domain either answered or so marked.
ALTER TABLE tasks ADD COLUMN cancel_reason text;
ALTER TABLE assessments ADD COLUMN not_assessed jsonb NOT NULL DEFAULT '{}'::jsonb;
