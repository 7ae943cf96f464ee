-- Requests made with an Idempotency-Key: the key is recorded in the same transaction as the request's effect,
-- with the answer it got, so that a repeat by the same user returns that answer and writes nothing again.
CREATE TABLE idempotency_keys (
  user_id uuid NOT NULL,
  key uuid NOT NULL,
  -- What the key was first used for (method, route, parameters and body, hashed): a key reused for another
  -- request is refused instead of answered with the first one's result.
  request_hash text NOT NULL,
  status smallint,
  body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
