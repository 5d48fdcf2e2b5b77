-- End users' thumbs up/down on answers, keyed by the turn's id. Kept apart from turn_logs: the log is
-- written in batches a moment after the turn, and feedback may come first.
create table turn_feedback (
    app_id varchar(63) not null references apps (id) on delete cascade,
    turn_id varchar(64) not null,
    rating varchar(8) not null,
    comment varchar(1000),
    channel varchar(64),
    user_id varchar(255),
    created_at timestamp with time zone not null,
    primary key (app_id, turn_id)
);
