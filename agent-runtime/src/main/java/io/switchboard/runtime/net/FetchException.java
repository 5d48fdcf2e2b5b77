package io.switchboard.runtime.net;

/** A fetch that was refused or failed; {@link #kind()} says which, the message says why in plain words. */
public final class FetchException extends RuntimeException {
    /** Why a fetch did not produce a response. */
    public enum Kind {
        /** The URL or an address it resolves to is not allowed (scheme, internal address, robots.txt). */
        BLOCKED,
        /** More redirects than the policy allows. */
        TOO_MANY_REDIRECTS,
        /** The response is larger than the policy allows. */
        TOO_LARGE,
        /** Connecting or reading took longer than the policy allows. */
        TIMEOUT,
        /** The server spoke something that is not HTTP/1.x. */
        PROTOCOL,
        /** Name resolution, connection or TLS failed. */
        NETWORK
    }

    private final Kind kind;

    FetchException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    FetchException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True when the policy refused the fetch, as opposed to the network or server failing. */
    public boolean blocked() {
        return kind == Kind.BLOCKED;
    }
}
