-- Schedule and webhook triggers of workflows. A schedule tick fires on the member that inserts its row
-- into workflow_trigger_ticks first (the primary key makes that exactly one); a webhook call's
-- idempotency key maps to the run it started.
create table workflow_triggers (
    id varchar(63) primary key,
    workflow_id varchar(63) not null references workflows (id) on delete cascade,
    kind varchar(16) not null,
    cron varchar(200),
    time_zone varchar(64),
    inputs_json varchar not null,
    mapping_json varchar not null,
    secret_hash varchar(64),
    enabled boolean not null,
    created_at timestamp with time zone not null
);
create index workflow_triggers_workflow_idx on workflow_triggers (workflow_id);

create table workflow_trigger_ticks (
    trigger_id varchar(63) not null references workflow_triggers (id) on delete cascade,
    tick_at timestamp with time zone not null,
    primary key (trigger_id, tick_at)
);

create table workflow_trigger_keys (
    trigger_id varchar(63) not null references workflow_triggers (id) on delete cascade,
    idempotency_key varchar(200) not null,
    run_id varchar(64) not null,
    created_at timestamp with time zone not null,
    primary key (trigger_id, idempotency_key)
);
