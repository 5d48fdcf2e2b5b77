package io.switchboard.runtime.store;

import io.switchboard.runtime.moderation.ModerationHit;
import io.switchboard.runtime.moderation.ModerationHits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class JdbcModerationHits implements ModerationHits {
    private final Jdbc jdbc;

    JdbcModerationHits(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(List<ModerationHit> hits) {
        if (hits.isEmpty()) {
            return;
        }
        jdbc.inTransaction("record moderation hits", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into moderation_hits"
                            + " (app_id, channel, direction, source, word, turn_id, created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
                for (ModerationHit hit : hits) {
                    insert.setString(1, hit.appId());
                    insert.setString(2, clip(hit.channel(), 64));
                    insert.setString(3, hit.direction().wireName());
                    insert.setString(4, clip(hit.source(), 64));
                    insert.setString(5, clip(hit.word(), 100));
                    insert.setString(6, hit.turnId());
                    Jdbc.setInstant(insert, 7, Jdbc.truncate(hit.createdAt()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<ModerationHit> list(String appId, ModerationHit.Direction direction, Instant before, int limit) {
        Jdbc.requirePage(0, limit);
        String sql = "select id, app_id, channel, direction, source, word, turn_id, created_at from moderation_hits"
                + " where app_id = ?" + (direction == null ? "" : " and direction = ?")
                + (before == null ? "" : " and created_at < ?") + " order by created_at desc, id desc limit ?";
        return jdbc.inTransaction("list moderation hits", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int index = 1;
                select.setString(index++, appId);
                if (direction != null) {
                    select.setString(index++, direction.wireName());
                }
                if (before != null) {
                    Jdbc.setInstant(select, index++, before);
                }
                select.setInt(index, limit);
                List<ModerationHit> hits = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        hits.add(new ModerationHit(
                                rows.getLong("id"),
                                rows.getString("app_id"),
                                rows.getString("channel"),
                                ModerationHit.Direction.parse(rows.getString("direction")),
                                rows.getString("source"),
                                rows.getString("word"),
                                rows.getString("turn_id"),
                                Jdbc.getInstant(rows, "created_at")));
                    }
                }
                return hits;
            }
        });
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
