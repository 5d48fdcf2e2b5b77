package io.switchboard.admin.sms;

/** The SMS provider refused or could not be reached; the message names the provider's code, never a secret. */
public final class SmsException extends RuntimeException {
    private final boolean retriable;

    public SmsException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    /** True for network failures and throttling by the provider, false for a refused request. */
    public boolean retriable() {
        return retriable;
    }
}
