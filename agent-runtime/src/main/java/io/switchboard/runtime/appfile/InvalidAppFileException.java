package io.switchboard.runtime.appfile;

/** An app file or template request that cannot be imported; the message names the problem. */
public final class InvalidAppFileException extends IllegalArgumentException {
    public InvalidAppFileException(String message) {
        super(message);
    }
}
