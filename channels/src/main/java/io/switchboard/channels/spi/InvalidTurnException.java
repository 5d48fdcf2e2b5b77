package io.switchboard.channels.spi;

/**
 * A turn the app does not allow as asked (a parameter beyond its bounds, tools it refuses): the
 * caller's fault, answered with a 400 naming {@link #param()}.
 */
public final class InvalidTurnException extends RuntimeException {
    private final String param;

    public InvalidTurnException(String param, String message) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The request parameter at fault, or null. */
    public String param() {
        return param;
    }
}
