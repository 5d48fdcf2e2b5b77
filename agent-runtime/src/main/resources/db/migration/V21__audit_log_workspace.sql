-- Audit log by workspace (issue 13): the workspace a change was made in, so that each workspace's admins
-- see their own entries. Null for what belongs to no workspace (logins, lockouts, entries made before).
alter table audit_log add column workspace_id varchar(64);
create index audit_log_workspace_idx on audit_log (workspace_id, id);
