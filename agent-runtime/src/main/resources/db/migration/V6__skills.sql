-- Skills: tool calls in the turn log, custom tool providers (OpenAPI imports, MCP servers), workflows
-- with draft and published versions, and workflow run traces. Portable H2/PostgreSQL types only.

-- The tool calls of a turn as a JSON array (name, arguments, result size, latency, error).
alter table turn_logs add column tool_calls varchar;

-- An OpenAPI import or an MCP server. settings_enc is the whole settings JSON (document, base URL,
-- auth with its secret, command line) sealed with the master key.
create table tool_providers (
    id varchar(63) primary key,
    kind varchar(16) not null,
    name varchar(200) not null,
    description varchar,
    settings_enc varchar not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);

create table workflows (
    id varchar(63) primary key,
    name varchar(200) not null,
    draft_json varchar not null,
    published_version integer,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);

create table workflow_versions (
    workflow_id varchar(63) not null references workflows (id) on delete cascade,
    version integer not null,
    graph_json varchar not null,
    created_at timestamp with time zone not null,
    primary key (workflow_id, version)
);

create table workflow_runs (
    id varchar(64) primary key,
    workflow_id varchar(63) not null references workflows (id) on delete cascade,
    version integer not null,
    status varchar(16) not null,
    error varchar,
    trace_json varchar not null,
    latency_ms bigint not null,
    created_at timestamp with time zone not null
);
create index workflow_runs_workflow_idx on workflow_runs (workflow_id, created_at);
