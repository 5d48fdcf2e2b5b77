-- One script for H2 (MODE=PostgreSQL) and PostgreSQL: portable types only.
-- Unbounded text is "varchar" without a length (H2 maps "text" to a CLOB).

create table store_meta (
    meta_key varchar(64) primary key,
    meta_value varchar(1000) not null
);

create table apps (
    id varchar(63) primary key,
    draft_json varchar not null,
    -- Copied from the draft's model.providerId so that a provider in use can be found without parsing JSON.
    provider_id varchar(63),
    published_version integer,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
create index apps_provider_idx on apps (provider_id);

create table app_versions (
    app_id varchar(63) not null references apps (id) on delete cascade,
    version integer not null,
    config_json varchar not null,
    provider_id varchar(63),
    note varchar,
    created_at timestamp with time zone not null,
    primary key (app_id, version)
);
create index app_versions_provider_idx on app_versions (provider_id);

create table providers (
    id varchar(63) primary key,
    name varchar not null,
    kind varchar(32) not null,
    base_url varchar not null,
    -- SecretBox output (v1:...), never the clear key.
    api_key_enc varchar,
    timeout_ms bigint not null,
    max_retries integer not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);

create table api_keys (
    id varchar(64) primary key,
    app_id varchar(63) not null references apps (id) on delete cascade,
    name varchar not null,
    prefix varchar(16) not null,
    hash varchar(64) not null,
    created_at timestamp with time zone not null,
    revoked_at timestamp with time zone
);
create unique index api_keys_hash_idx on api_keys (hash);
create index api_keys_app_idx on api_keys (app_id, created_at);

create table admin_users (
    username varchar(100) primary key,
    password_hash varchar(300) not null,
    created_at timestamp with time zone not null
);

-- No foreign key to apps on purpose: a log batch that races an app's deletion must not fail as a whole;
-- deleting an app deletes its logs explicitly.
create table turn_logs (
    id varchar(64) primary key,
    app_id varchar(63) not null,
    app_version integer not null,
    channel varchar(64),
    conversation_id varchar(255),
    user_id varchar(255),
    query varchar,
    answer varchar,
    status varchar(16) not null,
    error varchar,
    latency_ms bigint not null,
    first_token_ms bigint not null,
    input_tokens integer not null,
    output_tokens integer not null,
    created_at timestamp with time zone not null
);
create index turn_logs_app_created_idx on turn_logs (app_id, created_at);
create index turn_logs_app_conversation_idx on turn_logs (app_id, conversation_id, created_at);
