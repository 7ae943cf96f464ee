-- Sign-in attempts are counted before the password is checked, per account ('user:<name>'), per account and
-- address ('pair:<name> <addr>') and per address ('ip:<addr>'), by one upsert that decides and counts at once.
-- `attempts` are those admitted in the window and not yet known to have succeeded; `admitted` tells the upsert's
-- caller whether its own try was let through; `last_success_at` marks an address the account signs in from.
DROP TABLE login_attempts;
CREATE TABLE login_attempts (
  key text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  attempts integer NOT NULL,
  next_at timestamptz,
  admitted boolean NOT NULL,
  last_success_at timestamptz
);
