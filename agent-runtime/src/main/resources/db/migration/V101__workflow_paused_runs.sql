-- Runs waiting at a human-input node: everything needed to resume them on any member (graph, inputs,
-- finished nodes' results) as JSON. claimed_at marks a run a member is resuming (one at a time).
create table workflow_paused_runs (
    run_id varchar(64) primary key,
    workflow_id varchar(63) not null references workflows (id) on delete cascade,
    state_json varchar not null,
    timeout_at timestamp with time zone,
    claimed_at timestamp with time zone,
    created_at timestamp with time zone not null
);
create index workflow_paused_runs_workflow_idx on workflow_paused_runs (workflow_id, created_at);
create index workflow_paused_runs_timeout_idx on workflow_paused_runs (timeout_at);
