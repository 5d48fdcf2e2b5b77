package io.switchboard.runtime.model;

/**
 * A provider call failed after retries. {@link #getMessage()} is for the admin log and never contains
 * keys; {@link #userMessage()} is safe to show the end user.
 */
public final class ModelFailure extends RuntimeException {
    private final boolean retriable;
    private final int httpStatus;
    private final String providerReason;

    public ModelFailure(String message, boolean retriable, int httpStatus, Throwable cause) {
        this(message, retriable, httpStatus, cause, null);
    }

    /** @param providerReason what the provider said about the failure (its error message), or null */
    public ModelFailure(String message, boolean retriable, int httpStatus, Throwable cause, String providerReason) {
        super(message, cause);
        this.retriable = retriable;
        this.httpStatus = httpStatus;
        this.providerReason = providerReason;
    }

    /**
     * True when the provider refused this input (HTTP 400 or 422: a content filter, a parameter the
     * model does not support): the caller's request, not the service, is at fault.
     */
    public boolean inputRejected() {
        return httpStatus == 400 || httpStatus == 422;
    }

    /** The provider's own error message (never a key), or null when it gave none. */
    public String providerReason() {
        return providerReason;
    }

    /** True when trying again later may succeed (429, 5xx, timeout, dropped connection). */
    public boolean retriable() {
        return retriable;
    }

    /** The provider's HTTP status, or 0 when there was none (timeout, connection). */
    public int httpStatus() {
        return httpStatus;
    }

    public String userMessage() {
        return retriable
                ? "The AI service is busy or unreachable right now. Please try again in a moment. AI 服务暂时不可用，请稍后再试。"
                : "The AI service rejected the request. Please contact the administrator. AI 服务拒绝了请求，请联系管理员。";
    }
}
