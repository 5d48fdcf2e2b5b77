-- The API limits names in characters (code points, as JSON Schema's maxLength and PostgreSQL's varchar
-- count them); H2 counts a varchar's length in UTF-16 units, where a character outside the Basic
-- Multilingual Plane (most emoji) takes two. Twice the limit holds every name the API accepts on both.
-- (Columns of tables created after V13 cannot be altered from here on a new database, where this runs
-- before they exist; a value too long for one of them is a 400, see Jdbc.failure.)
alter table knowledge_bases alter column name set data type varchar(400);
alter table tool_providers alter column name set data type varchar(400);
alter table workflows alter column name set data type varchar(400);
