package io.switchboard.channels.wecomaibot;

/**
 * A frame WeCom refused (non-zero {@code errcode}) or never acknowledged ({@code errcode} -1), or a
 * connection that is gone ({@code errcode} -2; -3 when the frame was not even written, so WeCom surely
 * did not get it). The one exception of this adapter.
 */
final class AiBotException extends RuntimeException {
    static final int NO_ACK = -1;
    static final int CLOSED = -2;
    static final int NOT_SENT = -3;

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
        return errcode == CLOSED || errcode == NO_ACK || errcode == NOT_SENT;
    }

    /** True when the frame surely did not reach WeCom. */
    boolean notSent() {
        return errcode == NOT_SENT;
    }
}
