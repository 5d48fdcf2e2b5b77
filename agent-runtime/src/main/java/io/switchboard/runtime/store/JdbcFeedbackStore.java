package io.switchboard.runtime.store;

import io.switchboard.runtime.turn.Feedback;
import io.switchboard.runtime.turn.FeedbackStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcFeedbackStore implements FeedbackStore {
    private static final String COLUMNS = "turn_id, app_id, rating, comment, channel, user_id, created_at";
    private final Jdbc jdbc;

    JdbcFeedbackStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(Feedback feedback) {
        jdbc.inTransaction("store feedback", connection -> {
            if (update(connection, feedback) > 0) {
                return null;
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into turn_feedback (" + COLUMNS
                    + ") values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
                insert.setString(1, feedback.turnId());
                insert.setString(2, feedback.appId());
                insert.setString(3, feedback.rating().wireName());
                insert.setString(4, feedback.comment());
                insert.setString(5, feedback.channel());
                insert.setString(6, feedback.userId());
                Jdbc.setInstant(insert, 7, Jdbc.truncate(feedback.createdAt()));
                if (insert.executeUpdate() == 0) {
                    update(connection, feedback); // given twice at once: the later one stays
                }
            }
            return null;
        });
    }

    private static int update(Connection connection, Feedback feedback) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update turn_feedback set rating = ?,"
                + " comment = ?, channel = ?, user_id = ?, created_at = ? where app_id = ? and turn_id = ?")) {
            update.setString(1, feedback.rating().wireName());
            update.setString(2, feedback.comment());
            update.setString(3, feedback.channel());
            update.setString(4, feedback.userId());
            Jdbc.setInstant(update, 5, Jdbc.truncate(feedback.createdAt()));
            update.setString(6, feedback.appId());
            update.setString(7, feedback.turnId());
            return update.executeUpdate();
        }
    }

    @Override
    public Optional<Feedback> find(String appId, String turnId) {
        return Optional.ofNullable(of(appId, List.of(turnId)).get(turnId));
    }

    @Override
    public Map<String, Feedback> of(String appId, Collection<String> turnIds) {
        if (turnIds.isEmpty()) {
            return Map.of();
        }
        if (turnIds.size() > 1000) {
            throw new IllegalArgumentException("feedback is read for at most 1000 turns at once");
        }
        String marks = String.join(", ", Collections.nCopies(turnIds.size(), "?"));
        return jdbc.inTransaction("read feedback", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from turn_feedback where app_id = ? and turn_id in (" + marks + ")")) {
                select.setString(1, appId);
                int index = 2;
                for (String id : turnIds) {
                    select.setString(index++, id);
                }
                Map<String, Feedback> found = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Feedback feedback = new Feedback(
                                rows.getString("turn_id"),
                                rows.getString("app_id"),
                                Feedback.Rating.parse(rows.getString("rating")),
                                rows.getString("comment"),
                                rows.getString("channel"),
                                rows.getString("user_id"),
                                Jdbc.getInstant(rows, "created_at"));
                        found.put(feedback.turnId(), feedback);
                    }
                }
                return found;
            }
        });
    }
}
