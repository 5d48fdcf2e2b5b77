-- Channel accounts bound to apps. Settings hold secrets (AppSecret, EncodingAESKey, bot tokens), so the
-- whole JSON is sealed with the master key (SecretBox "v1:..." text), never stored in clear.
create table channel_bindings (
    id varchar(64) primary key,
    app_id varchar(63) not null references apps (id) on delete cascade,
    type varchar(32) not null,
    config_enc varchar not null,
    enabled boolean not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
create index channel_bindings_app_idx on channel_bindings (app_id, created_at);
create index channel_bindings_type_idx on channel_bindings (type, enabled);
