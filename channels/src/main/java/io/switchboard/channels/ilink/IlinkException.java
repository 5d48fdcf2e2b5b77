package io.switchboard.channels.ilink;

/** An iLink error ({@code ret}/{@code errcode}), or -1 when the call itself failed. */
final class IlinkException extends RuntimeException {
    static final int SESSION_EXPIRED = -14;
    private final int code;

    IlinkException(int code, String message) {
        super("ret " + code + ": " + message);
        this.code = code;
    }

    int code() {
        return code;
    }

    boolean sessionExpired() {
        return code == SESSION_EXPIRED;
    }

    boolean transientFailure() {
        return code == -1;
    }
}
