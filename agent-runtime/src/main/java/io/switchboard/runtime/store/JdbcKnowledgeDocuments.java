package io.switchboard.runtime.store;

import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.knowledge.DocumentStatus;
import io.switchboard.runtime.knowledge.KnowledgeChunk;
import io.switchboard.runtime.knowledge.KnowledgeDocument;
import io.switchboard.runtime.security.RandomIds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The document and chunk half of {@link JdbcKnowledgeCatalog}. */
final class JdbcKnowledgeDocuments {
    private static final String DOC_COLUMNS = "id, kb_id, name, source_type, source_uri, media_type, size_bytes,"
            + " status, progress, error, enabled, chunk_count, created_at, updated_at";

    private final Jdbc jdbc;

    JdbcKnowledgeDocuments(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    KnowledgeDocument createDocument(
            String knowledgeBaseId,
            String name,
            String sourceType,
            String sourceUri,
            String mediaType,
            long sizeBytes) {
        Instant now = jdbc.now();
        KnowledgeDocument document = new KnowledgeDocument(
                RandomIds.base62("doc_", 16),
                knowledgeBaseId,
                clip(name, 500),
                sourceType,
                sourceUri,
                clip(mediaType, 200),
                sizeBytes,
                DocumentStatus.QUEUED,
                0,
                null,
                true,
                0,
                now,
                now);
        return jdbc.inTransaction("create document", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into kb_documents (" + DOC_COLUMNS
                    + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, document.id());
                insert.setString(2, knowledgeBaseId);
                insert.setString(3, document.name());
                insert.setString(4, sourceType);
                insert.setString(5, sourceUri);
                insert.setString(6, document.mediaType());
                insert.setLong(7, sizeBytes);
                insert.setString(8, document.status().name());
                insert.setInt(9, 0);
                insert.setString(10, null);
                insert.setBoolean(11, true);
                insert.setInt(12, 0);
                Jdbc.setInstant(insert, 13, now);
                Jdbc.setInstant(insert, 14, now);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isForeignKeyViolation(e)) {
                    throw missing("knowledge base", knowledgeBaseId);
                }
                throw e;
            }
            return document;
        });
    }

    Optional<KnowledgeDocument> findDocument(String id) {
        return documents("where id = ?", List.of(id)).stream().findFirst();
    }

    List<KnowledgeDocument> listDocuments(String knowledgeBaseId) {
        return documents("where kb_id = ? order by created_at, id", List.of(knowledgeBaseId));
    }

    List<KnowledgeDocument> listByStatus(List<DocumentStatus> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", statuses.stream().map(s -> "?").toList());
        return documents(
                "where status in (" + marks + ") order by created_at, id",
                statuses.stream().map(Enum::name).toList());
    }

    private List<KnowledgeDocument> documents(String where, List<String> parameters) {
        return jdbc.inTransaction("read documents", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + DOC_COLUMNS + " from kb_documents " + where)) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setString(i + 1, parameters.get(i));
                }
                List<KnowledgeDocument> documents = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        documents.add(new KnowledgeDocument(
                                rows.getString("id"),
                                rows.getString("kb_id"),
                                rows.getString("name"),
                                rows.getString("source_type"),
                                rows.getString("source_uri"),
                                rows.getString("media_type"),
                                rows.getLong("size_bytes"),
                                DocumentStatus.valueOf(rows.getString("status").toUpperCase(Locale.ROOT)),
                                rows.getInt("progress"),
                                rows.getString("error"),
                                rows.getBoolean("enabled"),
                                rows.getInt("chunk_count"),
                                Jdbc.getInstant(rows, "created_at"),
                                Jdbc.getInstant(rows, "updated_at")));
                    }
                }
                return documents;
            }
        });
    }

    Optional<String> content(String documentId) {
        return jdbc.inTransaction("read document content", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select content from kb_documents where id = ?")) {
                select.setString(1, documentId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    boolean updateStatus(String documentId, DocumentStatus status, int progress, String error) {
        return jdbc.inTransaction("update document status", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update kb_documents set status = ?, progress = ?, error = ?, updated_at = ? where id = ?")) {
                update.setString(1, status.name());
                update.setInt(2, Math.max(0, Math.min(100, progress)));
                update.setString(3, clip(error, 2000));
                Jdbc.setInstant(update, 4, jdbc.now());
                update.setString(5, documentId);
                return update.executeUpdate() > 0;
            }
        });
    }

    void saveContent(String documentId, String name, String mediaType, long sizeBytes, String content) {
        jdbc.inTransaction("save document content", connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("update kb_documents set name = coalesce(?, name),"
                            + " media_type = ?, size_bytes = ?, content = ?, updated_at = ? where id = ?")) {
                update.setString(1, clip(name, 500));
                update.setString(2, clip(mediaType, 200));
                update.setLong(3, sizeBytes);
                update.setString(4, content);
                Jdbc.setInstant(update, 5, jdbc.now());
                update.setString(6, documentId);
                return update.executeUpdate();
            }
        });
    }

    void replaceChunks(String documentId, List<KnowledgeChunk> chunks) {
        jdbc.inTransaction("replace chunks", connection -> {
            execute(connection, "delete from kb_chunks where document_id = ?", documentId);
            Instant now = jdbc.now();
            try (PreparedStatement insert = connection.prepareStatement("insert into kb_chunks (id, document_id, kb_id,"
                    + " position, text, vector, updated_at, parent_text) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (KnowledgeChunk chunk : chunks) {
                    insert.setString(1, chunk.id());
                    insert.setString(2, documentId);
                    insert.setString(3, chunk.knowledgeBaseId());
                    insert.setInt(4, chunk.position());
                    insert.setString(5, chunk.text());
                    insert.setString(6, encode(chunk.vector()));
                    Jdbc.setInstant(insert, 7, now);
                    insert.setString(8, chunk.parent());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement update =
                    connection.prepareStatement("update kb_documents set chunk_count = ? where id = ?")) {
                update.setInt(1, chunks.size());
                update.setString(2, documentId);
                update.executeUpdate();
            }
            return null;
        });
    }

    List<KnowledgeChunk> chunks(String documentId, int offset, int limit) {
        Jdbc.requirePage(offset, limit);
        return chunkRows("where document_id = ? order by position limit " + limit + " offset " + offset, documentId);
    }

    Map<String, String> parents(Collection<String> chunkIds) {
        return chunkColumn(chunkIds, "parent_text");
    }

    void putCompanionVectors(Map<String, float[]> vectors) {
        if (vectors.isEmpty()) {
            return;
        }
        jdbc.inTransaction("store companion vectors", connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("update kb_chunks set companion_vector = ? where id = ?")) {
                for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
                    update.setString(1, encode(entry.getValue()));
                    update.setString(2, entry.getKey());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    /**
     * One column ({@code vector}, {@code companion_vector} or {@code parent_text}) of these chunks by id, rows
     * where it is null left out.
     */
    Map<String, String> chunkColumn(Collection<String> chunkIds, String column) {
        if (!column.equals("vector") && !column.equals("companion_vector") && !column.equals("parent_text")) {
            throw new IllegalArgumentException("column " + column);
        }
        if (chunkIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = List.copyOf(chunkIds);
        return jdbc.inTransaction("read chunk " + column, connection -> {
            String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement select = connection.prepareStatement("select id, " + column
                    + " from kb_chunks where " + column + " is not null and id in (" + marks + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    select.setString(i + 1, ids.get(i));
                }
                Map<String, String> values = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        values.put(rows.getString(1), rows.getString(2));
                    }
                }
                return values;
            }
        });
    }

    Optional<KnowledgeChunk> findChunk(String chunkId) {
        return chunkRows("where id = ?", chunkId).stream().findFirst();
    }

    private List<KnowledgeChunk> chunkRows(String where, String parameter) {
        return jdbc.inTransaction("read chunks", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select id, document_id, kb_id, position, text, vector, enabled, parent_text from kb_chunks "
                            + where)) {
                select.setString(1, parameter);
                List<KnowledgeChunk> chunks = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        chunks.add(new KnowledgeChunk(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getInt(4),
                                rows.getString(5),
                                decode(rows.getString(6)),
                                rows.getBoolean(7),
                                rows.getString(8)));
                    }
                }
                return chunks;
            }
        });
    }

    KnowledgeChunk updateChunk(String chunkId, String text, float[] vector) {
        KnowledgeChunk current = findChunk(chunkId).orElseThrow(() -> missing("chunk", chunkId));
        jdbc.inTransaction("update chunk", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update kb_chunks set text = ?, vector = ?, companion_vector = null, updated_at = ? where id = ?")) {
                update.setString(1, text);
                update.setString(2, encode(vector));
                Jdbc.setInstant(update, 3, jdbc.now());
                update.setString(4, chunkId);
                return update.executeUpdate();
            }
        });
        return new KnowledgeChunk(
                chunkId,
                current.documentId(),
                current.knowledgeBaseId(),
                current.position(),
                text,
                vector,
                current.enabled(),
                current.parent());
    }

    KnowledgeChunk setChunkEnabled(String chunkId, boolean enabled) {
        KnowledgeChunk current = findChunk(chunkId).orElseThrow(() -> missing("chunk", chunkId));
        jdbc.inTransaction("enable chunk", connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("update kb_chunks set enabled = ?, updated_at = ? where id = ?")) {
                update.setBoolean(1, enabled);
                Jdbc.setInstant(update, 2, jdbc.now());
                update.setString(3, chunkId);
                return update.executeUpdate();
            }
        });
        return current.withEnabled(enabled);
    }

    KnowledgeDocument setEnabled(String documentId, boolean enabled) {
        jdbc.inTransaction("enable document", connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("update kb_documents set enabled = ?, updated_at = ? where id = ?")) {
                update.setBoolean(1, enabled);
                Jdbc.setInstant(update, 2, jdbc.now());
                update.setString(3, documentId);
                if (update.executeUpdate() == 0) {
                    throw missing("document", documentId);
                }
                return null;
            }
        });
        return findDocument(documentId).orElseThrow(() -> missing("document", documentId));
    }

    boolean deleteDocument(String documentId) {
        return jdbc.inTransaction("delete document", connection -> {
            execute(connection, "delete from kb_chunks where document_id = ?", documentId);
            return execute(connection, "delete from kb_documents where id = ?", documentId) > 0;
        });
    }

    static int execute(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            return statement.executeUpdate();
        }
    }

    static String encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static float[] decode(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / 4];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = bytes.getFloat();
        }
        return vector;
    }

    static NotFoundException missing(String what, String id) {
        return new NotFoundException(what + " '" + id + "' not found");
    }

    static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
