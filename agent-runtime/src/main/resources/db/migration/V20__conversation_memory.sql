-- Short-term conversation memory (the window; summaries are in V40) written through from Hazelcast, so that
-- restarting a member or the whole cluster forgets nothing; read back when a conversation is asked for.
create table conversation_memory (
    conversation_key varchar(512) primary key,
    content bytea not null,
    updated_at timestamp with time zone not null
);
create index conversation_memory_updated_idx on conversation_memory (updated_at);
