-- Switchboard workspace schema, version 1.
-- Portable SQL for SQLite and PostgreSQL. The store expands three tokens per dialect:
--   {pk}    an auto-assigned 64-bit integer primary key
--   {blob}  a binary column
--   {without_rowid}  a table clustered on its primary key, where the dialect has them
-- Conventions: times are UTC milliseconds since the epoch (*_ms), durations are microseconds
-- (*_us), money is integer micro-dollars (*_micros), prices are micro-dollars per million
-- tokens, JSON documents are TEXT (*_json), booleans are 0/1 integers.
-- Log tables (calls and their children, rollups) carry names rather than foreign keys to
-- configuration, so that deleting a prompt or a provider never deletes history.

CREATE TABLE workspace_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    id           {pk},
    at_ms        BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,           -- e.g. label.move, pin.change, ruleset.activate
    subject_kind TEXT NOT NULL,           -- prompt, pin, ruleset, key, budget, provider
    subject      TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    details_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject, at_ms);

-- Providers and their models --------------------------------------------------------------

CREATE TABLE providers (
    id            {pk},
    name          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,          -- openai, anthropic, gemini, openai_compatible, simulated
    base_url      TEXT NOT NULL DEFAULT '',
    key_source    TEXT NOT NULL DEFAULT 'none', -- none, keychain, env; never the key itself
    key_env_var   TEXT NOT NULL DEFAULT '',
    settings_json TEXT NOT NULL DEFAULT '{}',
    enabled       INTEGER NOT NULL DEFAULT 1,
    created_ms    BIGINT NOT NULL,
    updated_ms    BIGINT NOT NULL
);

CREATE TABLE models (
    id                {pk},
    provider_id       BIGINT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,      -- as the provider spells it: a dated snapshot or a floating name
    snapshot_date     TEXT NOT NULL DEFAULT '', -- yyyy-MM-dd when the name is a dated snapshot
    context_window    BIGINT NOT NULL DEFAULT 0,
    max_output_tokens BIGINT NOT NULL DEFAULT 0,
    created_ms        BIGINT NOT NULL,
    UNIQUE (provider_id, name)
);

-- A price applies to the models of a provider kind whose name matches; the newest price whose
-- starts_ms is not in the future wins.
CREATE TABLE prices (
    id                          {pk},
    provider_kind               TEXT NOT NULL,
    match_kind                  TEXT NOT NULL, -- equals, starts_with, contains
    match_value                 TEXT NOT NULL,
    input_per_mtok_micros       BIGINT NOT NULL,
    output_per_mtok_micros      BIGINT NOT NULL,
    cache_read_per_mtok_micros  BIGINT,
    cache_write_per_mtok_micros BIGINT,
    starts_ms                   BIGINT NOT NULL DEFAULT 0,
    source                      TEXT NOT NULL DEFAULT 'user', -- shipped, import:<file>, user
    UNIQUE (provider_kind, match_kind, match_value, starts_ms)
);

-- Pins: an alias bound to one model snapshot on one provider, versioned -------------------

CREATE TABLE pins (
    alias       TEXT PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    model_name  TEXT NOT NULL,
    version     BIGINT NOT NULL,
    updated_ms  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL
);

CREATE TABLE pin_history (
    id          {pk},
    alias       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    provider_id BIGINT NOT NULL,
    model_name  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    author      TEXT NOT NULL,
    at_ms       BIGINT NOT NULL,
    UNIQUE (alias, version)
);

-- Prompts: immutable numbered versions, labels with history --------------------------------

CREATE TABLE prompts (
    id          {pk},
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    tags_json   TEXT NOT NULL DEFAULT '[]',
    created_ms  BIGINT NOT NULL,
    updated_ms  BIGINT NOT NULL,
    row_version BIGINT NOT NULL DEFAULT 1  -- optimistic locking between consoles
);

CREATE TABLE prompt_versions (
    id             {pk},
    prompt_id      BIGINT NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    number         BIGINT NOT NULL,
    content_json   TEXT NOT NULL,          -- messages, variables, model configuration
    content_hash   TEXT NOT NULL,
    commit_message TEXT NOT NULL DEFAULT '',
    author         TEXT NOT NULL,
    created_ms     BIGINT NOT NULL,
    UNIQUE (prompt_id, number)
);
CREATE INDEX prompt_versions_hash ON prompt_versions (prompt_id, content_hash);

CREATE TABLE prompt_labels (
    prompt_id  BIGINT NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    version    BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (prompt_id, label)
);

CREATE TABLE prompt_label_history (
    id           {pk},
    prompt_id    BIGINT NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    label        TEXT NOT NULL,
    from_version BIGINT,                   -- NULL when the label was created
    to_version   BIGINT,                   -- NULL when the label was removed
    reason       TEXT NOT NULL,
    author       TEXT NOT NULL,
    at_ms        BIGINT NOT NULL
);
CREATE INDEX prompt_label_history_prompt ON prompt_label_history (prompt_id, label, at_ms);

-- Routing: ordered, versioned rule sets; one is active -------------------------------------

CREATE TABLE rule_sets (
    id           {pk},
    version      BIGINT NOT NULL UNIQUE,
    rules_json   TEXT NOT NULL,
    status       TEXT NOT NULL,            -- draft, active, retired
    comment      TEXT NOT NULL DEFAULT '',
    author       TEXT NOT NULL,
    created_ms   BIGINT NOT NULL,
    activated_ms BIGINT
);

-- Gateway keys and budgets -----------------------------------------------------------------

CREATE TABLE gateway_keys (
    id                   {pk},
    name                 TEXT NOT NULL,
    key_hash             TEXT NOT NULL UNIQUE, -- SHA-256 of the key; the key is shown once
    key_prefix           TEXT NOT NULL,        -- first characters, to recognise a key in lists
    tenant               TEXT NOT NULL,
    allowed_aliases_json TEXT NOT NULL DEFAULT '[]', -- empty: every alias
    requests_per_minute  BIGINT NOT NULL DEFAULT 0,  -- 0: unlimited
    tokens_per_minute    BIGINT NOT NULL DEFAULT 0,
    created_ms           BIGINT NOT NULL,
    revoked_ms           BIGINT
);

CREATE TABLE budgets (
    id              {pk},
    scope_kind      TEXT NOT NULL,   -- workspace, tenant, feature, key
    scope_value     TEXT NOT NULL DEFAULT '',
    period          TEXT NOT NULL,   -- day, month
    limit_micros    BIGINT NOT NULL,
    thresholds_json TEXT NOT NULL DEFAULT '[50,80,100]',
    hard_limit      INTEGER NOT NULL DEFAULT 0, -- the gateway refuses calls past the limit
    created_ms      BIGINT NOT NULL,
    UNIQUE (scope_kind, scope_value, period)
);

-- The request log: one narrow row per call, payloads and attempts beside it ----------------

CREATE TABLE calls (
    id                  TEXT PRIMARY KEY,   -- time-ordered unique id, made by the executor
    started_ms          BIGINT NOT NULL,
    origin              TEXT NOT NULL,      -- gateway, playground, replay, eval, shadow
    parent_id           TEXT,               -- the call a replay or shadow call comes from
    gateway_key_id      BIGINT,
    tenant              TEXT NOT NULL DEFAULT '',
    feature             TEXT NOT NULL DEFAULT '',
    user_id             TEXT NOT NULL DEFAULT '',
    tags_json           TEXT NOT NULL DEFAULT '[]',
    prompt_name         TEXT NOT NULL DEFAULT '',
    prompt_version      BIGINT,
    rule_set_version    BIGINT,
    rule_name           TEXT NOT NULL DEFAULT '',
    alias               TEXT NOT NULL DEFAULT '',
    provider            TEXT NOT NULL DEFAULT '',
    model               TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,      -- ok, failed, partial
    failure             TEXT,               -- a failure category; NULL when the call succeeded
    error_message       TEXT NOT NULL DEFAULT '',
    latency_us          BIGINT NOT NULL,
    ttft_us             BIGINT,             -- NULL when not streamed
    input_tokens        BIGINT NOT NULL DEFAULT 0,
    output_tokens       BIGINT NOT NULL DEFAULT 0,
    cached_input_tokens BIGINT NOT NULL DEFAULT 0,
    tokens_estimated    INTEGER NOT NULL DEFAULT 0,
    cost_micros         BIGINT NOT NULL DEFAULT 0,
    cache_hit           INTEGER NOT NULL DEFAULT 0,
    attempts            BIGINT NOT NULL DEFAULT 1,
    streamed            INTEGER NOT NULL DEFAULT 0
){without_rowid};
CREATE INDEX calls_started ON calls (started_ms);

CREATE TABLE call_payloads (
    call_id       TEXT PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    redaction     TEXT NOT NULL,          -- full, redacted, metadata
    request_json  TEXT,
    response_json TEXT,
    variables_json TEXT,                  -- prompt variables, when the call named a prompt
    chunk_offsets {blob}                  -- arrival offsets of stream chunks, varint-coded
);

CREATE TABLE call_attempts (
    call_id     TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    provider    TEXT NOT NULL,
    model       TEXT NOT NULL,
    started_ms  BIGINT NOT NULL,
    latency_us  BIGINT NOT NULL,
    http_status BIGINT,
    failure     TEXT,
    message     TEXT NOT NULL DEFAULT '',
    billed      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (call_id, seq)
){without_rowid};

-- Rollups: per minute x provider x model x feature x tenant x origin, mergeable ------------

CREATE TABLE rollups (
    bucket_ms           BIGINT NOT NULL,
    provider            TEXT NOT NULL,
    model               TEXT NOT NULL,
    feature             TEXT NOT NULL,
    tenant              TEXT NOT NULL,
    origin              TEXT NOT NULL,
    calls               BIGINT NOT NULL,
    failed              BIGINT NOT NULL,
    cache_hits          BIGINT NOT NULL,
    input_tokens        BIGINT NOT NULL,
    output_tokens       BIGINT NOT NULL,
    cached_input_tokens BIGINT NOT NULL,
    cost_micros         BIGINT NOT NULL,
    latency_hist        {blob} NOT NULL,  -- log-bucket histogram of latency_us
    ttft_hist           {blob} NOT NULL,  -- log-bucket histogram of ttft_us
    PRIMARY KEY (bucket_ms, provider, model, feature, tenant, origin)
);

CREATE TABLE rollup_failures (
    bucket_ms BIGINT NOT NULL,
    provider  TEXT NOT NULL,
    model     TEXT NOT NULL,
    feature   TEXT NOT NULL,
    tenant    TEXT NOT NULL,
    origin    TEXT NOT NULL,
    category  TEXT NOT NULL,
    count     BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, provider, model, feature, tenant, origin, category)
);

-- Datasets and eval runs -------------------------------------------------------------------

CREATE TABLE datasets (
    id          {pk},
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    version     BIGINT NOT NULL DEFAULT 1,   -- bumped by every change to its items
    created_ms  BIGINT NOT NULL,
    updated_ms  BIGINT NOT NULL
);

CREATE TABLE dataset_items (
    id              {pk},
    dataset_id      BIGINT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    added_version   BIGINT NOT NULL,
    removed_version BIGINT,                  -- items are never edited in place
    input_json      TEXT NOT NULL,           -- variables or full messages
    reference_output TEXT,
    assertions_json TEXT NOT NULL DEFAULT '[]',
    source_call_id  TEXT
);
CREATE INDEX dataset_items_dataset ON dataset_items (dataset_id, added_version);

CREATE TABLE eval_runs (
    id              {pk},
    dataset_id      BIGINT NOT NULL REFERENCES datasets (id),
    dataset_version BIGINT NOT NULL,
    prompt_name     TEXT NOT NULL,
    prompt_version  BIGINT NOT NULL,
    alias           TEXT NOT NULL,
    repeats         BIGINT NOT NULL DEFAULT 1,
    status          TEXT NOT NULL,           -- running, cancelled, finished, failed
    started_ms      BIGINT NOT NULL,
    finished_ms     BIGINT,
    summary_json    TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE eval_results (
    run_id          BIGINT NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
    item_id         BIGINT NOT NULL,
    repeat_index    BIGINT NOT NULL,
    call_id         TEXT,
    passed          INTEGER NOT NULL,
    output          TEXT,
    assertions_json TEXT NOT NULL DEFAULT '[]', -- each assertion's verdict and reason
    PRIMARY KEY (run_id, item_id, repeat_index)
);
