-- The audit log as several independent hash chains ("lanes") so that audited requests append in parallel.
-- Each lane is linked on its own: a row's prev_hash is the hash of the previous row of the same lane (by seq),
-- and for lanes other than 0 the hash also covers the lane number. Rows written before this migration form
-- lane 0 and their hashes stay valid as they are (lane 0 hashes its content exactly as before).
-- Adding a column with a constant default rewrites no rows and fires no update trigger: the log stays append-only.
ALTER TABLE audit_events ADD COLUMN lane smallint NOT NULL DEFAULT 0 CHECK (lane >= 0);
-- Existing rows keep lane 0; from now on every insert names its lane, so a writer that still appends to the single
-- chain (it links to the newest row of any lane) is refused instead of breaking lane 0.
ALTER TABLE audit_events ALTER COLUMN lane DROP DEFAULT;
-- Finds a lane's head (the append) and walks a lane in order.
CREATE INDEX audit_events_lane_idx ON audit_events (lane, seq);
