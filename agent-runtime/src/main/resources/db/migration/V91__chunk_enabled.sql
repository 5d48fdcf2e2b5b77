-- A chunk can be switched off on its own (issue 18): it stays in the catalog, leaves the engine's index.
alter table kb_chunks add column enabled boolean default true not null;
