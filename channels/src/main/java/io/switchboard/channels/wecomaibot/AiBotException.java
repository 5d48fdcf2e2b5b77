package io.switchboard.channels.wecomaibot;

/**
 * A frame WeCom refused (non-zero {@code errcode}) or never acknowledged ({@code errcode} -1), or a
 * connection that is gone ({@code errcode} -2). The one exception of this adapter.
 */
final class AiBotException extends RuntimeException {
    static final int NO_ACK = -1;
    static final int CLOSED = -2;

    private final int errcode;

    AiBotException(int errcode, String message) {
        super(message);
        this.errcode = errcode;
    }

    int errcode() {
        return errcode;
    }

    /** True when the frame may never have reached WeCom because the connection went away. */
    boolean connectionLost() {
        return errcode == CLOSED || errcode == NO_ACK;
    }
}
