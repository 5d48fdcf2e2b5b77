-- A knowledge base's companion embedding model (embedding.companion): each chunk's vector from that second
-- in-process model, read by the local reranker as a second opinion (null when the base has none).
alter table kb_chunks add column companion_vector varchar;
