-- The follow-up questions offered after an answer, one per line; null when none were offered.
alter table turn_logs add column follow_ups varchar(2000);
