-- The head of an audit lane, read after taking the lane's lock, in one round trip instead of two. A
-- function, so that its read sees what the lock's previous holder committed (each statement of a volatile
-- function takes a new snapshot; one SELECT calling both would read with the snapshot taken before it
-- waited for the lock). `relaxed`: the transaction writes nothing but the record of a read, and its commit
-- does not wait for the disk (docs/benchmark.md, "The fixed cost of a request").
CREATE FUNCTION audit_lane_head(lock_key integer, lane_no integer, relaxed boolean) RETURNS text
  LANGUAGE plpgsql VOLATILE
  AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key, lane_no);
  IF relaxed THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  RETURN (SELECT hash FROM audit_events WHERE audit_events.lane = lane_no ORDER BY seq DESC LIMIT 1);
END
$$;
