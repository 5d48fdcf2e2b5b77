-- Long-term memory: the rolling summary of each conversation's messages that fell out of the
-- short-term window (which lives in the cluster's memory). Keyed like the window: draft:/live: app id
-- and conversation id.
create table conversation_summaries (
    memory_key varchar(600) primary key,
    app_id varchar(63) not null references apps (id) on delete cascade,
    summary varchar(4000) not null,
    updated_at timestamp with time zone not null
);
create index conversation_summaries_app_idx on conversation_summaries (app_id);
