package io.switchboard.runtime.store;

import io.switchboard.runtime.audit.AuditEntry;
import io.switchboard.runtime.audit.AuditQuery;
import io.switchboard.runtime.audit.AuditStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class JdbcAuditStore implements AuditStore {
    private final Jdbc jdbc;

    JdbcAuditStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void append(AuditEntry entry) {
        jdbc.inTransaction("append audit entry", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into audit_log (at, actor, address,"
                    + " action, resource, resource_id, path, status, before_json, after_json, workspace_id)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Jdbc.setInstant(insert, 1, entry.at() == null ? jdbc.now() : Jdbc.truncate(entry.at()));
                insert.setString(2, clip(entry.actor(), 200));
                insert.setString(3, clip(entry.address(), 64));
                insert.setString(4, clip(entry.action(), 64));
                insert.setString(5, clip(entry.resource(), 100));
                insert.setString(6, clip(entry.resourceId(), 255));
                insert.setString(7, clip(entry.path(), 500));
                insert.setInt(8, entry.status());
                setText(insert, 9, entry.before());
                setText(insert, 10, entry.after());
                setText(insert, 11, clip(entry.workspaceId(), 64));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        Jdbc.requirePage(query.offset(), query.limit());
        StringBuilder sql = new StringBuilder("select id, at, actor, address, action, resource, resource_id, path,"
                + " status, before_json, after_json, workspace_id from audit_log where 1 = 1");
        List<Object> values = new ArrayList<>();
        filter(sql, values, "workspace_id", query.workspaceId());
        filter(sql, values, "actor", query.actor());
        filter(sql, values, "action", query.action());
        filter(sql, values, "resource", query.resource());
        filter(sql, values, "resource_id", query.resourceId());
        if (query.from() != null) {
            sql.append(" and at >= ?");
            values.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" and at < ?");
            values.add(query.to());
        }
        sql.append(" order by id desc offset ? rows fetch next ? rows only");
        return jdbc.inTransaction("query audit log", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                int index = 1;
                for (Object value : values) {
                    if (value instanceof Instant instant) {
                        Jdbc.setInstant(select, index++, Jdbc.truncate(instant));
                    } else {
                        select.setString(index++, (String) value);
                    }
                }
                select.setInt(index++, query.offset());
                select.setInt(index, query.limit());
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new AuditEntry(
                                rows.getLong("id"),
                                Jdbc.getInstant(rows, "at"),
                                rows.getString("actor"),
                                rows.getString("address"),
                                rows.getString("action"),
                                rows.getString("resource"),
                                rows.getString("resource_id"),
                                rows.getString("path"),
                                rows.getInt("status"),
                                rows.getString("before_json"),
                                rows.getString("after_json"),
                                rows.getString("workspace_id")));
                    }
                }
                return entries;
            }
        });
    }

    @Override
    public int deleteOlderThan(Instant before) {
        return jdbc.inTransaction("trim audit log", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from audit_log where at < ?")) {
                Jdbc.setInstant(delete, 1, Jdbc.truncate(before));
                return delete.executeUpdate();
            }
        });
    }

    private static void filter(StringBuilder sql, List<Object> values, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" and ").append(column).append(" = ?");
            values.add(value);
        }
    }

    private static void setText(PreparedStatement statement, int index, String value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static String clip(String value, int max) {
        if (value == null) {
            return value;
        }
        if (value.length() <= max) {
            return value;
        }
        // An entry is never lost to a long field (a fuzzed path or workspace id): cut it to the column, and
        // never between the two halves of a character outside the Basic Multilingual Plane.
        int end = Character.isLowSurrogate(value.charAt(max)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
