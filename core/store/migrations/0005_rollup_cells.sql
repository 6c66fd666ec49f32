-- Rollups by hour and by UTC day (grain_ms), so that a dashboard over a month reads days
-- rather than 43,200 minutes. Cells cross every dimension, the prompt included, and hold
-- histograms of tokens per call and each cell's largest call by input and by output tokens
-- (the outliers a dashboard lists). Minutes are kept as slices only (below). The minute
-- rollups kept so far are moved over by code after these statements (histograms do not add
-- up in SQL), then dropped.

CREATE TABLE rollup_cells (
    grain_ms            BIGINT NOT NULL,  -- 3600000 or 86400000
    bucket_ms           BIGINT NOT NULL,  -- start of the bucket, UTC
    provider            TEXT NOT NULL,
    model               TEXT NOT NULL,
    feature             TEXT NOT NULL,
    tenant              TEXT NOT NULL,
    prompt              TEXT NOT NULL,    -- the prompt's name; '' for calls without one
    origin              TEXT NOT NULL,
    calls               BIGINT NOT NULL,
    failed              BIGINT NOT NULL,
    cache_hits          BIGINT NOT NULL,
    input_tokens        BIGINT NOT NULL,
    output_tokens       BIGINT NOT NULL,
    cached_input_tokens BIGINT NOT NULL,
    cost_micros         BIGINT NOT NULL,
    latency_hist        {blob} NOT NULL,  -- log-bucket histograms (analytics::LogHistogram)
    ttft_hist           {blob} NOT NULL,
    input_tokens_hist   {blob} NOT NULL,
    output_tokens_hist  {blob} NOT NULL,
    max_input_tokens    BIGINT NOT NULL,
    max_input_call      TEXT NOT NULL,
    max_output_tokens   BIGINT NOT NULL,
    max_output_call     TEXT NOT NULL,
    PRIMARY KEY (grain_ms, bucket_ms, provider, model, feature, tenant, prompt, origin)
);

CREATE TABLE rollup_cell_failures (
    grain_ms  BIGINT NOT NULL,
    bucket_ms BIGINT NOT NULL,
    provider  TEXT NOT NULL,
    model     TEXT NOT NULL,
    feature   TEXT NOT NULL,
    tenant    TEXT NOT NULL,
    prompt    TEXT NOT NULL,
    origin    TEXT NOT NULL,
    category  TEXT NOT NULL,
    count     BIGINT NOT NULL,
    PRIMARY KEY (grain_ms, bucket_ms, provider, model, feature, tenant, prompt, origin, category)
);

-- Slices: the same sums for all traffic of a bucket (dimension '') and for each value of one
-- dimension (feature, model, tenant, prompt; by minute, feature and model only). An
-- unfiltered dashboard and the alerts read these: their number grows with the sum of the
-- dimensions' values, where cells grow with the product.
CREATE TABLE rollup_slices (
    grain_ms            BIGINT NOT NULL,  -- 60000, 3600000 or 86400000
    bucket_ms           BIGINT NOT NULL,
    dimension           TEXT NOT NULL,    -- '', feature, model, tenant or prompt
    value               TEXT NOT NULL,
    origin              TEXT NOT NULL,
    calls               BIGINT NOT NULL,
    failed              BIGINT NOT NULL,
    cache_hits          BIGINT NOT NULL,
    input_tokens        BIGINT NOT NULL,
    output_tokens       BIGINT NOT NULL,
    cached_input_tokens BIGINT NOT NULL,
    cost_micros         BIGINT NOT NULL,
    latency_hist        {blob} NOT NULL,
    ttft_hist           {blob} NOT NULL,
    input_tokens_hist   {blob} NOT NULL,
    output_tokens_hist  {blob} NOT NULL,
    max_input_tokens    BIGINT NOT NULL,
    max_input_call      TEXT NOT NULL,
    max_output_tokens   BIGINT NOT NULL,
    max_output_call     TEXT NOT NULL,
    PRIMARY KEY (grain_ms, bucket_ms, dimension, value, origin)
);

CREATE TABLE rollup_slice_failures (
    grain_ms  BIGINT NOT NULL,
    bucket_ms BIGINT NOT NULL,
    dimension TEXT NOT NULL,
    value     TEXT NOT NULL,
    origin    TEXT NOT NULL,
    category  TEXT NOT NULL,
    count     BIGINT NOT NULL,
    PRIMARY KEY (grain_ms, bucket_ms, dimension, value, origin, category)
);
