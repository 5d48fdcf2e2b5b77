-- Small keyed values that must outlive a restart of the whole cluster (channel polling offsets,
-- handled update ids). Expired rows read as absent and are deleted from time to time.
create table durable_keys (
    name varchar(255) primary key,
    content varchar(2000) not null,
    expires_at timestamp with time zone not null
);
create index durable_keys_expiry_idx on durable_keys (expires_at);
