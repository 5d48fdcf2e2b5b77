package io.switchboard.runtime.tool;

/** A tool call failed; the message goes back to the model as text, so it must not hold secrets. */
public final class ToolException extends RuntimeException {
    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
