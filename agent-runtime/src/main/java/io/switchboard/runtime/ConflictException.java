package io.switchboard.runtime;

/** The change clashes with what is stored (duplicate id, record in use). Rendered as HTTP 409. */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
