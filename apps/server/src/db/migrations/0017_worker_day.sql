-- Tasks close themselves when what they ask for happens; one cancelled by the system says why
-- (`case_closed`, `plan_superseded`).
ALTER TABLE tasks ADD COLUMN cancel_reason text;
