-- Knowledge bases (RAG). The relational store is the source of truth for bases, documents and chunks
-- (with their vectors, so an engine index can be rebuilt without embedding again); the engine
-- (Lucene or Milvus) only indexes chunks for search.
create table knowledge_bases (
    id varchar(64) primary key,
    name varchar(200) not null,
    description varchar,
    -- chunking and embedding settings (KnowledgeBaseSettings as JSON)
    settings_json varchar not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);

create table kb_documents (
    id varchar(64) primary key,
    kb_id varchar(64) not null references knowledge_bases (id) on delete cascade,
    name varchar(500) not null,
    source_type varchar(16) not null,
    source_uri varchar,
    media_type varchar(200),
    size_bytes bigint not null,
    status varchar(16) not null,
    progress integer not null,
    error varchar,
    enabled boolean not null,
    chunk_count integer not null,
    -- extracted text, so a document can be re-chunked with new settings without the original file
    content varchar,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
create index kb_documents_kb_idx on kb_documents (kb_id, created_at);
create index kb_documents_status_idx on kb_documents (status);

create table kb_chunks (
    id varchar(64) primary key,
    document_id varchar(64) not null references kb_documents (id) on delete cascade,
    kb_id varchar(64) not null,
    position integer not null,
    text varchar not null,
    -- float32 little-endian, base64
    vector varchar not null,
    updated_at timestamp with time zone not null
);
create index kb_chunks_document_idx on kb_chunks (document_id, position);

-- Knowledge linked to an app (not versioned with the app: a link applies to draft and published alike).
create table app_knowledge (
    app_id varchar(63) primary key references apps (id) on delete cascade,
    settings_json varchar not null,
    updated_at timestamp with time zone not null
);
