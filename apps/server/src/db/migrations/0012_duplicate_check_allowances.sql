-- Duplicate checks spent per user in the current window. Every check may tell that someone outside the
-- caller's reach matches the name and birth typed, so each user gets a bounded number per hour.
CREATE TABLE duplicate_check_allowances (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  window_started_at timestamptz NOT NULL,
  used integer NOT NULL
);
