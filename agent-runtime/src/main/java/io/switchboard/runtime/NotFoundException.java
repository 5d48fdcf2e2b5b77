package io.switchboard.runtime;

/** The named record does not exist. Rendered as HTTP 404. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
