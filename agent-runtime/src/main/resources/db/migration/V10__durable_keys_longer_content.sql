-- A durable key's value may carry a whole Telegram update (the in-flight record that lets another
-- member answer it after a crash): a long message with entities does not fit in 2000 characters.
alter table durable_keys alter column content set data type varchar(100000);
