package io.switchboard.runtime.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.switchboard.runtime.knowledge.DocumentStatus;
import io.switchboard.runtime.knowledge.KnowledgeBase;
import io.switchboard.runtime.knowledge.KnowledgeBaseSettings;
import io.switchboard.runtime.knowledge.KnowledgeCatalog;
import io.switchboard.runtime.knowledge.KnowledgeChunk;
import io.switchboard.runtime.knowledge.KnowledgeDocument;
import io.switchboard.runtime.security.RandomIds;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcKnowledgeCatalog implements KnowledgeCatalog {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Jdbc jdbc;
    private final JdbcKnowledgeDocuments documents;

    JdbcKnowledgeCatalog(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.documents = new JdbcKnowledgeDocuments(jdbc);
    }

    @Override
    public KnowledgeBase createBase(String name, String description, KnowledgeBaseSettings settings) {
        Instant now = jdbc.now();
        KnowledgeBase base = new KnowledgeBase(RandomIds.base62("kb_", 16), name, description, settings, now, now);
        return jdbc.inTransaction("create knowledge base", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into knowledge_bases (id, name,"
                    + " description, settings_json, created_at, updated_at) values (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, base.id());
                insert.setString(2, base.name());
                insert.setString(3, base.description());
                insert.setString(4, write(base.settings()));
                Jdbc.setInstant(insert, 5, now);
                Jdbc.setInstant(insert, 6, now);
                insert.executeUpdate();
            }
            return base;
        });
    }

    @Override
    public Optional<KnowledgeBase> findBase(String id) {
        return bases("where id = ?", id).stream().findFirst();
    }

    @Override
    public List<KnowledgeBase> listBases() {
        return bases("order by created_at, id", null);
    }

    private List<KnowledgeBase> bases(String where, String parameter) {
        return jdbc.inTransaction("read knowledge bases", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select id, name, description, settings_json, created_at, updated_at from knowledge_bases "
                            + where)) {
                if (parameter != null) {
                    select.setString(1, parameter);
                }
                List<KnowledgeBase> bases = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        bases.add(new KnowledgeBase(
                                rows.getString("id"),
                                rows.getString("name"),
                                rows.getString("description"),
                                read(rows.getString("settings_json"), KnowledgeBaseSettings.class),
                                Jdbc.getInstant(rows, "created_at"),
                                Jdbc.getInstant(rows, "updated_at")));
                    }
                }
                return bases;
            }
        });
    }

    @Override
    public KnowledgeBase updateBase(String id, String name, String description, KnowledgeBaseSettings settings) {
        KnowledgeBase current = findBase(id).orElseThrow(() -> JdbcKnowledgeDocuments.missing("knowledge base", id));
        Instant now = jdbc.now();
        KnowledgeBase updated = new KnowledgeBase(id, name, description, settings, current.createdAt(), now);
        return jdbc.inTransaction("update knowledge base", connection -> {
            try (PreparedStatement update = connection.prepareStatement("update knowledge_bases set name = ?,"
                    + " description = ?, settings_json = ?, updated_at = ? where id = ?")) {
                update.setString(1, name);
                update.setString(2, description);
                update.setString(3, write(updated.settings()));
                Jdbc.setInstant(update, 4, now);
                update.setString(5, id);
                if (update.executeUpdate() == 0) {
                    throw JdbcKnowledgeDocuments.missing("knowledge base", id);
                }
            }
            return updated;
        });
    }

    @Override
    public boolean deleteBase(String id) {
        return jdbc.inTransaction("delete knowledge base", connection -> {
            JdbcKnowledgeDocuments.execute(connection, "delete from kb_chunks where kb_id = ?", id);
            return JdbcKnowledgeDocuments.execute(connection, "delete from knowledge_bases where id = ?", id) > 0;
        });
    }

    @Override
    public KnowledgeDocument createDocument(
            String knowledgeBaseId,
            String name,
            String sourceType,
            String sourceUri,
            String mediaType,
            long sizeBytes) {
        return documents.createDocument(knowledgeBaseId, name, sourceType, sourceUri, mediaType, sizeBytes);
    }

    @Override
    public Optional<KnowledgeDocument> findDocument(String id) {
        return documents.findDocument(id);
    }

    @Override
    public List<KnowledgeDocument> listDocuments(String knowledgeBaseId) {
        return documents.listDocuments(knowledgeBaseId);
    }

    @Override
    public List<KnowledgeDocument> listByStatus(List<DocumentStatus> statuses) {
        return documents.listByStatus(statuses);
    }

    @Override
    public Optional<String> content(String documentId) {
        return documents.content(documentId);
    }

    @Override
    public boolean updateStatus(String documentId, DocumentStatus status, int progress, String error) {
        return documents.updateStatus(documentId, status, progress, error);
    }

    @Override
    public void saveContent(String documentId, String name, String mediaType, long sizeBytes, String content) {
        documents.saveContent(documentId, name, mediaType, sizeBytes, content);
    }

    @Override
    public void replaceChunks(String documentId, List<KnowledgeChunk> chunks) {
        documents.replaceChunks(documentId, chunks);
    }

    @Override
    public List<KnowledgeChunk> chunks(String documentId, int offset, int limit) {
        return documents.chunks(documentId, offset, limit);
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        Map<String, float[]> vectors = new java.util.HashMap<>();
        documents
                .chunkColumn(chunkIds, "vector")
                .forEach((id, text) -> vectors.put(id, JdbcKnowledgeDocuments.decode(text)));
        return vectors;
    }

    @Override
    public Map<String, float[]> companionVectors(Collection<String> chunkIds) {
        Map<String, float[]> vectors = new java.util.HashMap<>();
        documents
                .chunkColumn(chunkIds, "companion_vector")
                .forEach((id, text) -> vectors.put(id, JdbcKnowledgeDocuments.decode(text)));
        return vectors;
    }

    @Override
    public void putCompanionVectors(Map<String, float[]> vectors) {
        documents.putCompanionVectors(vectors);
    }

    @Override
    public Map<String, String> parents(Collection<String> chunkIds) {
        return documents.parents(chunkIds);
    }

    @Override
    public Optional<KnowledgeChunk> findChunk(String chunkId) {
        return documents.findChunk(chunkId);
    }

    @Override
    public KnowledgeChunk updateChunk(String chunkId, String text, float[] vector) {
        return documents.updateChunk(chunkId, text, vector);
    }

    @Override
    public KnowledgeDocument setEnabled(String documentId, boolean enabled) {
        return documents.setEnabled(documentId, enabled);
    }

    @Override
    public KnowledgeChunk setChunkEnabled(String chunkId, boolean enabled) {
        return documents.setChunkEnabled(chunkId, enabled);
    }

    @Override
    public boolean deleteDocument(String documentId) {
        return documents.deleteDocument(documentId);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write knowledge settings as JSON: " + e.getOriginalMessage());
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException(
                    "stored knowledge settings cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
