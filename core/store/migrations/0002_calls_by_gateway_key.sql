-- The spend of each gateway key since a moment (the start of the day or month), read each
-- time the gateway loads its configuration: without this index that read scans every call
-- since the start of the month. It holds the cost too, so the table is not visited, and only
-- gateway calls, so other origins cost nothing to write.
CREATE INDEX calls_gateway_key_spend ON calls (gateway_key_id, started_ms, cost_micros)
    WHERE gateway_key_id IS NOT NULL;
