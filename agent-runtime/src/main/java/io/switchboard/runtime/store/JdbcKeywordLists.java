package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.moderation.KeywordList;
import io.switchboard.runtime.moderation.KeywordLists;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcKeywordLists implements KeywordLists {
    private static final String COLUMNS = "l.id, l.app_id, l.name, l.revision, l.created_at, l.updated_at,"
            + " (select count(*) from moderation_words w where w.list_id = l.id) as words";
    private static final int BATCH = 500;
    private final Jdbc jdbc;

    JdbcKeywordLists(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public KeywordList create(String id, String appId, String name) {
        Instant now = jdbc.now();
        jdbc.inTransaction("create keyword list", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into moderation_lists"
                    + " (id, app_id, name, revision, created_at, updated_at) values (?, ?, ?, 1, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, appId);
                insert.setString(3, name);
                Jdbc.setInstant(insert, 4, now);
                Jdbc.setInstant(insert, 5, now);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new ConflictException("keyword list '" + id + "' already exists");
                }
                if (Jdbc.isForeignKeyViolation(e)) {
                    throw new NotFoundException("app '" + appId + "' does not exist");
                }
                throw e;
            }
            return null;
        });
        return new KeywordList(id, appId, name, 0, 1, now, now);
    }

    @Override
    public List<KeywordList> list(String appId) {
        String where = appId == null ? "l.app_id is null" : "l.app_id = ?";
        return jdbc.inTransaction("list keyword lists", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from moderation_lists l where " + where + " order by l.name, l.id")) {
                if (appId != null) {
                    select.setString(1, appId);
                }
                return read(select);
            }
        });
    }

    @Override
    public Optional<KeywordList> find(String id) {
        return jdbc.inTransaction("read keyword list", connection -> find(connection, id));
    }

    private static Optional<KeywordList> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("select " + COLUMNS + " from moderation_lists l where l.id = ?")) {
            select.setString(1, id);
            return read(select).stream().findFirst();
        }
    }

    @Override
    public KeywordList rename(String id, String name) {
        return jdbc.inTransaction("rename keyword list", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update moderation_lists set name = ?, revision = revision + 1, updated_at = ? where id = ?")) {
                update.setString(1, name);
                Jdbc.setInstant(update, 2, jdbc.now());
                update.setString(3, id);
                if (update.executeUpdate() == 0) {
                    throw missing(id);
                }
            }
            return find(connection, id).orElseThrow(() -> missing(id));
        });
    }

    @Override
    public boolean delete(String id) {
        return jdbc.inTransaction("delete keyword list", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from moderation_lists where id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int addWords(String id, Collection<String> words) {
        return changeWords(
                "add keywords",
                id,
                words,
                "insert into moderation_words (list_id, word) values (?, ?) on conflict do nothing");
    }

    @Override
    public int removeWords(String id, Collection<String> words) {
        return changeWords("remove keywords", id, words, "delete from moderation_words where list_id = ? and word = ?");
    }

    @Override
    public int replaceWords(String id, Collection<String> words) {
        return jdbc.inTransaction("replace keywords", connection -> {
            touch(connection, id);
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from moderation_words where list_id = ?")) {
                delete.setString(1, id);
                delete.executeUpdate();
            }
            return batch(
                    connection,
                    id,
                    words,
                    "insert into moderation_words (list_id, word) values (?, ?) on conflict do nothing");
        });
    }

    private int changeWords(String operation, String id, Collection<String> words, String sql) {
        return jdbc.inTransaction(operation, connection -> {
            touch(connection, id);
            return batch(connection, id, words, sql);
        });
    }

    private static int batch(Connection connection, String id, Collection<String> words, String sql)
            throws SQLException {
        {
            int changed = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int queued = 0;
                for (String word : words) {
                    statement.setString(1, id);
                    statement.setString(2, word);
                    statement.addBatch();
                    if (++queued == BATCH) {
                        changed += sum(statement.executeBatch());
                        queued = 0;
                    }
                }
                if (queued > 0) {
                    changed += sum(statement.executeBatch());
                }
            }
            return changed;
        }
    }

    /** Bumps the revision (and locks the row, so two imports into one list run one after the other). */
    private void touch(Connection connection, String id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update moderation_lists set revision = revision + 1, updated_at = ? where id = ?")) {
            Jdbc.setInstant(update, 1, jdbc.now());
            update.setString(2, id);
            if (update.executeUpdate() == 0) {
                throw missing(id);
            }
        }
    }

    private static int sum(int[] counts) {
        int sum = 0;
        for (int count : counts) {
            sum += Math.max(0, count);
        }
        return sum;
    }

    @Override
    public List<String> words(String id, int offset, int limit) {
        Jdbc.requirePage(offset, limit);
        return jdbc.inTransaction("read keywords", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select word from moderation_words where list_id = ? order by word limit ? offset ?")) {
                select.setString(1, id);
                select.setInt(2, limit);
                select.setInt(3, offset);
                List<String> words = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        words.add(rows.getString(1));
                    }
                }
                return words;
            }
        });
    }

    @Override
    public List<KeywordList> applicable(String appId, Collection<String> sharedIds) {
        String shared = sharedIds.isEmpty()
                ? ""
                : " or (l.app_id is null and l.id in (" + String.join(", ", Collections.nCopies(sharedIds.size(), "?"))
                        + "))";
        return jdbc.inTransaction("read keyword lists of an app", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from moderation_lists l where l.app_id = ?" + shared + " order by l.id")) {
                select.setString(1, appId);
                int index = 2;
                for (String id : sharedIds) {
                    select.setString(index++, id);
                }
                return read(select);
            }
        });
    }

    @Override
    public Map<String, List<String>> wordsOf(Collection<String> listIds) {
        if (listIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(listIds.size(), "?"));
        return jdbc.inTransaction("read keywords of lists", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select list_id, word from moderation_words where list_id in (" + marks + ")")) {
                int index = 1;
                for (String id : listIds) {
                    select.setString(index++, id);
                }
                Map<String, List<String>> words = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        words.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                                .add(rows.getString(2));
                    }
                }
                return words;
            }
        });
    }

    private static List<KeywordList> read(PreparedStatement select) throws SQLException {
        List<KeywordList> lists = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                lists.add(new KeywordList(
                        rows.getString("id"),
                        rows.getString("app_id"),
                        rows.getString("name"),
                        rows.getInt("words"),
                        rows.getLong("revision"),
                        Jdbc.getInstant(rows, "created_at"),
                        Jdbc.getInstant(rows, "updated_at")));
            }
        }
        return lists;
    }

    private static NotFoundException missing(String id) {
        return new NotFoundException("keyword list '" + id + "' does not exist");
    }
}
