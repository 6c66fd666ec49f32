-- Alert rules and the alerts they raise. A rule is judged about once a minute by whichever
-- program has the workspace open (a console, a gateway, several): evaluated_ms is a lease,
-- taken with a conditional update, so each rule is judged once per interval however many
-- of them run, and a webhook is sent once per change. Alerts keep the rule's name, so that
-- their history outlives the rule.

CREATE TABLE alert_rules (
    id           {pk},
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,            -- error_rate, failure_category, p95_latency, cost_spike, budget
    dimension    TEXT NOT NULL DEFAULT '', -- '', feature, model; budget for budget rules
    value        TEXT NOT NULL DEFAULT '', -- the feature, model or budget id; '' for all
    category     TEXT NOT NULL DEFAULT '', -- failure category, for failure_category rules
    threshold    DOUBLE PRECISION NOT NULL,
    for_minutes  BIGINT NOT NULL,
    min_calls    BIGINT NOT NULL,
    runbook      TEXT NOT NULL DEFAULT '',
    webhook      TEXT NOT NULL DEFAULT '', -- an http(s) URL, or env:NAME for one held in the environment
    enabled      INTEGER NOT NULL DEFAULT 1,
    created_ms   BIGINT NOT NULL,
    evaluated_ms BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE alerts (
    id              {pk},
    rule_id         BIGINT NOT NULL,
    rule_name       TEXT NOT NULL,
    first_seen_ms   BIGINT NOT NULL,
    last_seen_ms    BIGINT NOT NULL,
    resolved_ms     BIGINT,
    acknowledged_ms BIGINT,
    acknowledged_by TEXT NOT NULL DEFAULT '',
    value           DOUBLE PRECISION NOT NULL DEFAULT 0,
    level           BIGINT NOT NULL DEFAULT 0, -- budget rules: the highest threshold crossed
    summary         TEXT NOT NULL DEFAULT '',
    delivery        TEXT NOT NULL DEFAULT ''   -- how the last webhook went
);

-- At most one open alert per rule: a second program judging the same rule cannot open another.
CREATE UNIQUE INDEX alerts_open_per_rule ON alerts (rule_id) WHERE resolved_ms IS NULL;
CREATE INDEX alerts_by_time ON alerts (last_seen_ms);
