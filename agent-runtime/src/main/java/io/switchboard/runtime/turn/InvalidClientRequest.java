package io.switchboard.runtime.turn;

/**
 * A developer-API request the app does not allow (a parameter beyond the app's bounds, tools the app
 * refuses): the caller gets a 400 naming {@link #param()}.
 */
public final class InvalidClientRequest extends RuntimeException {
    private final String param;

    public InvalidClientRequest(String param, String message) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The request parameter at fault, as the client spelled it (e.g. {@code max_tokens}). */
    public String param() {
        return param;
    }
}
