-- Service level objectives per feature: the share of calls that must be faster than a
-- latency (and a time to first token) and the error rate not to exceed, over a rolling window.

CREATE TABLE slos (
    feature          TEXT PRIMARY KEY,
    latency_ms       BIGINT,            -- 95 % of calls within this; NULL: no latency objective
    ttft_ms          BIGINT,            -- 95 % of streamed calls' first token within this
    max_error_rate   DOUBLE PRECISION,  -- e.g. 0.01; NULL: no error objective
    window_days      BIGINT NOT NULL DEFAULT 30,
    updated_ms       BIGINT NOT NULL
);
