-- Workspaces (issue 13, teams and roles). Every app, model provider, knowledge base, tool provider and
-- workflow belongs to one workspace (API keys and channel bindings through their app). Which one is kept
-- in workspace_resources, so the resource tables stay as they are; a resource without a row there
-- belongs to the default workspace, and every existing one is put there below.
create table workspaces (
    id varchar(63) primary key,
    name varchar(200) not null,
    created_at timestamp with time zone not null
);

create table workspace_members (
    workspace_id varchar(63) not null references workspaces (id) on delete cascade,
    username varchar(200) not null,
    -- owner, admin, editor or viewer
    role varchar(16) not null,
    added_at timestamp with time zone not null,
    primary key (workspace_id, username)
);
create index workspace_members_user_idx on workspace_members (username);

-- A pending invitation names a user name or an e-mail address; only the token's SHA-256 hash is kept.
create table workspace_invites (
    id varchar(64) primary key,
    workspace_id varchar(63) not null references workspaces (id) on delete cascade,
    username varchar(200),
    email varchar(320),
    role varchar(16) not null,
    token_hash varchar(64) not null,
    invited_by varchar(200) not null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    accepted_at timestamp with time zone,
    accepted_by varchar(200)
);
create unique index workspace_invites_token_idx on workspace_invites (token_hash);
create index workspace_invites_ws_idx on workspace_invites (workspace_id, created_at);

create table workspace_resources (
    -- app, provider, knowledge_base, tool_provider or workflow
    kind varchar(32) not null,
    resource_id varchar(255) not null,
    workspace_id varchar(63) not null references workspaces (id) on delete cascade,
    primary key (kind, resource_id)
);
create index workspace_resources_ws_idx on workspace_resources (workspace_id, kind);

insert into workspaces (id, name, created_at) values ('default', 'Default', current_timestamp);
-- Before workspaces every administrator could do everything: they stay owners of the default workspace.
insert into workspace_members (workspace_id, username, role, added_at)
    select 'default', username, 'owner', created_at from admin_users;
insert into workspace_resources (kind, resource_id, workspace_id) select 'app', id, 'default' from apps;
insert into workspace_resources (kind, resource_id, workspace_id) select 'provider', id, 'default' from providers;
insert into workspace_resources (kind, resource_id, workspace_id)
    select 'knowledge_base', id, 'default' from knowledge_bases;
insert into workspace_resources (kind, resource_id, workspace_id)
    select 'tool_provider', id, 'default' from tool_providers;
insert into workspace_resources (kind, resource_id, workspace_id) select 'workflow', id, 'default' from workflows;
