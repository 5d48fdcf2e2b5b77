-- OIDC identity providers managed through the admin API (issue 13, Ways in); the client secret is sealed
-- with the master key. Providers from switchboard.yaml (login.oidc) are not stored here.
create table oidc_providers (
    id varchar(40) primary key,
    display_name varchar(100) not null,
    issuer varchar(2000) not null,
    client_id varchar(400) not null,
    client_secret varchar(4000) not null,
    scopes varchar(1000) not null,
    enabled boolean not null,
    version bigint not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
