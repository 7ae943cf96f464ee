-- Signing in with an identity provider: an OpenID Connect provider (Keycloak and the like) or OneID, the
-- state's single sign-on (docs/sign-in.md). A sign-in never creates an account: it finds one by a linked
-- identity, or (OneID) by the PINFL an administrator recorded on the account.

-- A staff member's PINFL, set by an administrator: OneID names a person by it.
ALTER TABLE users ADD COLUMN pinfl text;
ALTER TABLE users ADD CONSTRAINT users_pinfl_format CHECK (pinfl ~ '^[0-9]{14}$');
ALTER TABLE users ADD CONSTRAINT users_pinfl_key UNIQUE (pinfl);

-- An account's identity at a provider: the provider's name and its subject ("sub"). One per provider and
-- account, and a subject signs in to one account only.
CREATE TABLE user_identities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  provider text NOT NULL,
  subject text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  CONSTRAINT user_identities_subject_key UNIQUE (provider, subject),
  CONSTRAINT user_identities_user_key UNIQUE (user_id, provider)
);

-- A sign-in on its way through a provider, for ten minutes: found by the hash of its `state`, which the
-- browser also holds in a cookie, and deleted when it comes back (a replayed callback finds nothing).
-- `second_factor`: the provider said who it is, and the account's second factor is still to be given.
CREATE TABLE sign_in_flows (
  state_hash text PRIMARY KEY,
  provider text NOT NULL,
  intent text NOT NULL CHECK (intent IN ('login', 'link')),
  stage text NOT NULL DEFAULT 'redirected' CHECK (stage IN ('redirected', 'second_factor')),
  -- link: the signed-in account; second_factor: the account the provider's identity belongs to.
  user_id uuid REFERENCES users (id),
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  -- second_factor of a provider that signs out (OneID): its access token, sealed, until the session takes it.
  provider_token_sealed text,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_flows_expires_idx ON sign_in_flows (expires_at);

-- A session opened through a provider remembers which, and (OneID) the provider's access token, sealed, so
-- that signing out of Hamkor also signs out of the provider. It never reaches the browser.
ALTER TABLE sessions ADD COLUMN provider text;
ALTER TABLE sessions ADD COLUMN provider_token_sealed text;
