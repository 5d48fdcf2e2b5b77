-- Conversation variables of chat flows: the values the last run of a workflow in a conversation left,
-- as one JSON object. Portable H2/PostgreSQL types only.
create table workflow_conversation_vars (
    workflow_id varchar(63) not null references workflows (id) on delete cascade,
    conversation_id varchar(200) not null,
    values_json varchar not null,
    updated_at timestamp with time zone not null,
    primary key (workflow_id, conversation_id)
);
