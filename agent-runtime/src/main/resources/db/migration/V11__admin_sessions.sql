-- Admin sessions (issue 13): a login opens one; short access tokens name it, the refresh token (stored
-- as its SHA-256 hash) renews it. Logout, a password change or the user's removal revoke it.
create table admin_sessions (
    id varchar(64) primary key,
    username varchar(200) not null,
    refresh_hash varchar(64) not null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    revoked_at timestamp with time zone
);
create index admin_sessions_user_idx on admin_sessions (username);
create index admin_sessions_expiry_idx on admin_sessions (expires_at);
