-- An audit event appended in one round trip: the lane's lock, its head, the event's hash and the insert. The
-- hash is the same as the application computes (SHA-256 of the previous hash followed by the event's canonical
-- JSON, both as UTF-8, in hex), so verification does not change; the canonical JSON comes from the
-- application, which alone knows the canonical form. Like audit_lane_head (0027), a function so that its read
-- of the head sees what the lock's previous holder committed. `relaxed`: see 0027.
CREATE FUNCTION audit_append(
  lock_key integer, lane_no integer, relaxed boolean, content text,
  e_id uuid, e_at timestamptz, e_actor_id uuid, e_action text, e_entity_type text, e_entity_id uuid, e_ip text, e_details jsonb
) RETURNS TABLE (
  o_seq bigint, o_prev_hash text, o_hash text, o_id uuid, o_at timestamptz, o_actor_id uuid, o_action text,
  o_entity_type text, o_entity_id uuid, o_ip text, o_details jsonb
)
  LANGUAGE plpgsql VOLATILE
  AS $$
DECLARE
  previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key, lane_no);
  IF relaxed THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  previous := coalesce(
    (SELECT a.hash FROM audit_events a WHERE a.lane = lane_no ORDER BY a.seq DESC LIMIT 1),
    repeat('0', 64));
  RETURN QUERY
    INSERT INTO audit_events AS a (id, at, actor_id, action, entity_type, entity_id, ip, details, lane, prev_hash, hash)
    VALUES (e_id, e_at, e_actor_id, e_action, e_entity_type, e_entity_id, e_ip, e_details, lane_no, previous,
      encode(sha256(convert_to(previous || content, 'UTF8')), 'hex'))
    RETURNING a.seq, a.prev_hash, a.hash, a.id, a.at, a.actor_id, a.action, a.entity_type, a.entity_id, a.ip, a.details;
END
$$;

-- Replaced by audit_append.
DROP FUNCTION audit_lane_head(integer, integer, boolean);
