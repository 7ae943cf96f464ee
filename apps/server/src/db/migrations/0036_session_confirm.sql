-- A signed-in session's state in one value, and its confirmation inside a request's own transaction
-- (docs/security.md, "Sessions"). The server keeps what it read of a session for a short while; a read served
-- from that copy confirms it in the transaction of the read itself, so a session ended, expired or changed
-- (the user's roles, reach, organisation, language, second factor, an emergency access opened) is refused there
-- as surely as if it had been looked up first.
--
-- session_stamp_of: what the actor of a request is made of — the session's user, enrolment state, CSRF token and
-- expiry, the user's whole row, the organisation's territories, whether an emergency access is open — hashed. A
-- plain expression, so the queries that use it (the sign-in lookup, session_confirm) take it in as their own.
CREATE FUNCTION session_stamp_of(s sessions, u users, territories text[], emergency boolean) RETURNS text
  LANGUAGE sql STABLE
  AS $$
    SELECT md5(concat_ws('|', s.user_id::text, s.enrol_only::text, s.csrf_token, extract(epoch FROM s.expires_at)::text,
      u::text, territories::text, emergency::text))
  $$;

-- Raises 'HKS01' unless the session exists, has neither expired nor been idle longer than p_idle_seconds, its
-- user is active, and its stamp is still p_stamp. Raised, it aborts the transaction it runs in.
CREATE FUNCTION session_confirm(p_token_hash text, p_stamp text, p_idle_seconds integer) RETURNS void
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  PERFORM 1
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    JOIN organisations o ON o.id = u.organisation_id
    WHERE s.token_hash = p_token_hash
      AND s.expires_at > now()
      AND s.last_seen_at > now() - make_interval(secs => p_idle_seconds)
      AND u.active
      AND session_stamp_of(s, u, o.territories,
        EXISTS (SELECT 1 FROM emergency_accesses e WHERE e.user_id = u.id AND e.ended_at IS NULL)) = p_stamp;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'session no longer as read' USING ERRCODE = 'HKS01';
  END IF;
END
$$;
