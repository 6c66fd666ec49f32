-- The calls made from a call: its replays and shadow twins, read when the call is opened in
-- the request log and when it is exported in a reproduction bundle. Only calls that have a
-- parent are in it, so gateway traffic costs nothing to write.
CREATE INDEX calls_parent ON calls (parent_id, started_ms) WHERE parent_id IS NOT NULL;
