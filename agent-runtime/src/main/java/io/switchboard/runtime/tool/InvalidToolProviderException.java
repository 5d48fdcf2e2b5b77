package io.switchboard.runtime.tool;

/** An OpenAPI document or MCP server registration was refused; the message says why. */
public final class InvalidToolProviderException extends IllegalArgumentException {
    public InvalidToolProviderException(String message) {
        super(message);
    }
}
