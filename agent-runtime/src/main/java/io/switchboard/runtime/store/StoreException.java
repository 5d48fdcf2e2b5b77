package io.switchboard.runtime.store;

/**
 * The database failed (unreachable, constraint it should not hit, migration error). Its message names the
 * operation and the SQL state only: driver messages can quote row values (message bodies, sealed keys), so
 * they are never copied into it.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
