-- What eval runs need beyond the first schema: each result's figures and why a case could not
-- be judged, the model that graded rubric assertions and why a run stopped; and gates, which
-- make moving a prompt's label wait for a passing run on a named dataset.

ALTER TABLE eval_runs ADD COLUMN judge TEXT NOT NULL DEFAULT '';
ALTER TABLE eval_runs ADD COLUMN message TEXT NOT NULL DEFAULT '';

ALTER TABLE eval_results ADD COLUMN latency_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE eval_results ADD COLUMN cost_micros BIGINT NOT NULL DEFAULT 0;
ALTER TABLE eval_results ADD COLUMN output_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE eval_results ADD COLUMN error TEXT NOT NULL DEFAULT ''; -- the call failed: why

CREATE INDEX eval_runs_by_prompt ON eval_runs (prompt_name, prompt_version);

CREATE TABLE label_gates (
    prompt_name  TEXT NOT NULL,
    label        TEXT NOT NULL,
    dataset_name TEXT NOT NULL,
    threshold    DOUBLE PRECISION NOT NULL, -- the pass rate a run must reach, 0..1
    updated_ms   BIGINT NOT NULL,
    PRIMARY KEY (prompt_name, label)
);
