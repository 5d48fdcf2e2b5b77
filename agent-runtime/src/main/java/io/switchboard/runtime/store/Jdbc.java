package io.switchboard.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/** Transactions and column conversions shared by the JDBC stores. */
final class Jdbc {
    /** Work done on one connection inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Clock clock;

    Jdbc(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Now, truncated to what both databases store (microseconds), so returned records equal re-read ones. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static RuntimeException failure(String operation, SQLException e) {
        if ("22001".equals(e.getSQLState())) {
            // A request's text within its documented limit (counted in characters, as JSON Schema and
            // PostgreSQL count them) can still overflow an H2 column: H2 counts UTF-16 units, so a character
            // outside the Basic Multilingual Plane (most emoji) takes two. The caller's data, not a failure.
            return new IllegalArgumentException(operation + ": a text is longer than the database column holds"
                    + " (characters outside the Basic Multilingual Plane, such as most emoji, count twice)");
        }
        // The driver's message is left out on purpose (see StoreException); its stack trace is kept.
        StoreException failure = new StoreException(operation + " failed (SQL state " + e.getSQLState() + ", "
                + e.getClass().getSimpleName() + ")");
        failure.setStackTrace(e.getStackTrace());
        return failure;
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** PostgreSQL reports a missing parent as 23503; H2 uses 23506 for it and 23503 for a remaining child. */
    static boolean isForeignKeyViolation(SQLException e) {
        return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
    }

    static Instant truncate(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Integer getNullableInt(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    static void requirePage(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
    }

    private static void rollbackQuietly(Connection connection, Exception original) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            original.addSuppressed(failure("rollback", e));
        }
    }
}
