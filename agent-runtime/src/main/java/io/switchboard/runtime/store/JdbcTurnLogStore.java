package io.switchboard.runtime.store;

import io.switchboard.runtime.turn.Feedback;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnLogStore;
import io.switchboard.runtime.turn.TurnStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

final class JdbcTurnLogStore implements TurnLogStore {
    private static final String COLUMNS = "id, app_id, app_version, channel, conversation_id, user_id, query, answer,"
            + " status, error, latency_ms, first_token_ms, input_tokens, output_tokens, created_at, tool_calls, follow_ups,"
            + " model";
    private static final String INSERT = "insert into turn_logs (" + COLUMNS
            + ", conversation_bucket) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Jdbc jdbc;

    JdbcTurnLogStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void append(Collection<TurnLog> turns) {
        if (turns == null || turns.isEmpty()) {
            return;
        }
        jdbc.inTransaction("append turn logs", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (TurnLog turn : turns) {
                    insert.setString(1, turn.id());
                    insert.setString(2, turn.appId());
                    insert.setInt(3, turn.appVersion());
                    insert.setString(4, turn.channel());
                    insert.setString(5, turn.conversationId());
                    insert.setString(6, turn.userId());
                    insert.setString(7, turn.query());
                    insert.setString(8, turn.answer());
                    // A log without a status is refused by the database (NOT NULL), like any other broken row.
                    insert.setString(
                            9, turn.status() == null ? null : turn.status().wireName());
                    insert.setString(10, turn.error());
                    insert.setLong(11, turn.latencyMs());
                    insert.setLong(12, turn.firstTokenMs());
                    insert.setInt(13, turn.inputTokens());
                    insert.setInt(14, turn.outputTokens());
                    Jdbc.setInstant(
                            insert, 15, turn.createdAt() == null ? jdbc.now() : Jdbc.truncate(turn.createdAt()));
                    insert.setString(16, ToolCallsJson.write(turn.toolCalls()));
                    insert.setString(17, turn.followUps().isEmpty() ? null : String.join("\n", turn.followUps()));
                    insert.setString(18, turn.model());
                    insert.setInt(19, ConversationBuckets.of(turn.conversationId()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<TurnLog> list(
            String appId, String conversationId, String channel, Feedback.Filter feedback, int offset, int limit) {
        Jdbc.requirePage(offset, limit);
        return jdbc.inTransaction("list turn logs", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from turn_logs" + where(conversationId, channel, feedback)
                            + " order by created_at desc, seq desc limit ? offset ?")) {
                int next = bindFilter(select, appId, conversationId, channel, feedback);
                select.setInt(next, limit);
                select.setInt(next + 1, offset);
                List<TurnLog> turns = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        turns.add(turn(rows));
                    }
                }
                return turns;
            }
        });
    }

    @Override
    public long count(String appId, String conversationId, String channel, Feedback.Filter feedback) {
        return jdbc.inTransaction("count turn logs", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select count(*) from turn_logs" + where(conversationId, channel, feedback))) {
                bindFilter(select, appId, conversationId, channel, feedback);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private static String where(String conversationId, String channel, Feedback.Filter feedback) {
        // The bucket lets the database narrow a conversation down through the (app, bucket, time) index.
        String where = (conversationId == null
                        ? " where app_id = ?"
                        : " where app_id = ? and conversation_bucket = ? and conversation_id = ?")
                + (channel == null ? "" : " and channel = ?");
        String given = " exists (select 1 from turn_feedback f where f.app_id = turn_logs.app_id"
                + " and f.turn_id = turn_logs.id";
        return switch (feedback) {
            case ALL -> where;
            case UP, DOWN -> where + " and" + given + " and f.rating = ?)";
            case GIVEN -> where + " and" + given + ")";
            case NONE -> where + " and not" + given + ")";
        };
    }

    /** Binds the filter and returns the index of the next parameter. */
    private static int bindFilter(
            PreparedStatement statement, String appId, String conversationId, String channel, Feedback.Filter feedback)
            throws SQLException {
        statement.setString(1, appId);
        int next = 2;
        if (conversationId != null) {
            statement.setInt(2, ConversationBuckets.of(conversationId));
            statement.setString(3, conversationId);
            next = 4;
        }
        if (channel != null) {
            statement.setString(next++, channel);
        }
        if (feedback == Feedback.Filter.UP || feedback == Feedback.Filter.DOWN) {
            statement.setString(next++, feedback.wireName());
        }
        return next;
    }

    /** One question per line (a question never spans lines: FollowUpWriter keeps single lines). */
    private static List<String> followUps(String column) {
        return column == null || column.isBlank() ? List.of() : List.of(column.split("\n"));
    }

    private static TurnLog turn(ResultSet rows) throws SQLException {
        return new TurnLog(
                rows.getString("id"),
                rows.getString("app_id"),
                rows.getInt("app_version"),
                rows.getString("channel"),
                rows.getString("conversation_id"),
                rows.getString("user_id"),
                rows.getString("query"),
                rows.getString("answer"),
                TurnStatus.parse(rows.getString("status")),
                rows.getString("error"),
                rows.getLong("latency_ms"),
                rows.getLong("first_token_ms"),
                rows.getInt("input_tokens"),
                rows.getInt("output_tokens"),
                Jdbc.getInstant(rows, "created_at"),
                ToolCallsJson.read(rows.getString("tool_calls")),
                followUps(rows.getString("follow_ups")),
                rows.getString("model"));
    }
}
