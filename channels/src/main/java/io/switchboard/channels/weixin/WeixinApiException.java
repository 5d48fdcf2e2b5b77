package io.switchboard.channels.weixin;

import java.net.ConnectException;
import java.util.Set;

/**
 * A failed platform API call, with the platform's errcode mapped once for both adapters: whether the
 * token must be refreshed, whether trying again is safe (the platform surely did not act), and whether
 * the user is out of the sending window.
 */
public final class WeixinApiException extends RuntimeException {
    /** Token expired, invalid or not the latest. */
    public static final Set<Integer> TOKEN_ERRORS = Set.of(40001, 40014, 42001);

    /** Outside the 48-hour window or over the count limit: the message cannot be sent now. */
    public static final Set<Integer> WINDOW_ERRORS = Set.of(45015, 45047);

    private final int errcode;
    private final boolean retriable;

    public WeixinApiException(int errcode, String message, boolean retriable) {
        super("errcode " + errcode + ": " + message);
        this.errcode = errcode;
        this.retriable = retriable;
    }

    /** Maps an SDK exception; the SDK's own types stay in the adapters' packages. */
    public static WeixinApiException from(Throwable failure) {
        if (failure instanceof WeixinApiException known) {
            return known;
        }
        if (failure instanceof me.chanjar.weixin.common.error.WxErrorException wx) {
            int code = wx.getError() == null ? -1 : wx.getError().getErrorCode();
            String msg = wx.getError() == null ? "" : wx.getError().getErrorMsg();
            // -1 is "system busy": the platform did not act, so another try cannot send twice.
            return new WeixinApiException(code, msg, code == -1 || TOKEN_ERRORS.contains(code));
        }
        if (failure instanceof me.chanjar.weixin.common.error.WxRuntimeException
                && String.valueOf(failure.getMessage()).contains("超出重试次数")) {
            // With retries off, the SDK reports errcode -1 (system busy) this way: nothing was sent.
            return new WeixinApiException(-1, "system busy", true);
        }
        boolean refused = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            refused |= t instanceof ConnectException;
        }
        // A connection that was never made cannot have delivered anything; a timeout after sending can.
        return new WeixinApiException(
                -2, "transport failure: " + failure.getClass().getSimpleName(), refused);
    }

    public int errcode() {
        return errcode;
    }

    public boolean retriable() {
        return retriable;
    }

    public boolean tokenError() {
        return TOKEN_ERRORS.contains(errcode);
    }

    public boolean outOfWindow() {
        return WINDOW_ERRORS.contains(errcode);
    }
}
