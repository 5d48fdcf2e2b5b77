package io.switchboard.channels.wechatkf;

/** A WeCom error ({@code errcode}), or -1 when the call itself failed (network, timeout, not JSON). */
final class KfException extends RuntimeException {
    private final int errcode;

    KfException(int errcode, String message) {
        super("errcode " + errcode + ": " + message);
        this.errcode = errcode;
    }

    int errcode() {
        return errcode;
    }

    /** Worth trying again later: the call may not have reached WeCom, or WeCom was busy. */
    boolean transientFailure() {
        return errcode == -1;
    }
}
