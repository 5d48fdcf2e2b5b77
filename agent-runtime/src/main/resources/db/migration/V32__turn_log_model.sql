-- The model that answered a turn as providerId/modelName (an app's fallback when its model failed);
-- null when no model answered (Q&A pair, offline answer, failure).
alter table turn_logs add column model varchar(255);
