-- Browser origins allowed to call the developer API with a key (CORS); none by default.
create table api_key_origins (
    key_id varchar(64) not null references api_keys (id) on delete cascade,
    origin varchar(200) not null,
    primary key (key_id, origin)
);
