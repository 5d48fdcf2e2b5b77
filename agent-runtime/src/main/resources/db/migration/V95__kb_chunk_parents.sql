-- Parent–child chunking: the section a matched chunk stands for, returned by retrieval instead of the chunk
-- (null when the chunk is returned itself).
alter table kb_chunks add column parent_text varchar;
