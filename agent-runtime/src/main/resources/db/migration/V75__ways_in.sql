-- Ways in (issue 13): TOTP second factor and recovery codes, identities linked to an admin (phone,
-- WeChat, WeCom, OIDC), and short-lived login challenges (SMS codes, OAuth state) that every member sees.
create table admin_totp (
    username varchar(200) primary key,
    secret varchar(400) not null,
    enabled boolean not null,
    last_step bigint not null,
    created_at timestamp with time zone not null
);

create table admin_recovery_codes (
    username varchar(200) not null,
    code_hash varchar(64) not null,
    used_at timestamp with time zone,
    primary key (username, code_hash)
);

create table admin_identities (
    provider varchar(64) not null,
    subject varchar(200) not null,
    username varchar(200) not null,
    display_name varchar(200),
    created_at timestamp with time zone not null,
    primary key (provider, subject)
);
create index admin_identities_user_idx on admin_identities (username);

create table login_challenges (
    id varchar(300) primary key,
    kind varchar(32) not null,
    version varchar(64) not null,
    payload varchar(4000) not null,
    attempts integer not null,
    expires_at timestamp with time zone not null
);
create index login_challenges_expiry_idx on login_challenges (expires_at);
