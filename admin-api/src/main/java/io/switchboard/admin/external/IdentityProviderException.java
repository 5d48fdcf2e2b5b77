package io.switchboard.admin.external;

/**
 * The provider refused the login ({@link #refused()}: the code was wrong or used, the ID token did not
 * check out, the person may not log in) or could not be used (unreachable, a malformed answer, a bad
 * configuration).
 */
public final class IdentityProviderException extends RuntimeException {
    private final boolean refused;

    public IdentityProviderException(String message) {
        this(message, false, null);
    }

    public IdentityProviderException(String message, Throwable cause) {
        this(message, false, cause);
    }

    private IdentityProviderException(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    /** A login the provider's answer refuses: the browser's code or the person, not the provider, is at fault. */
    public static IdentityProviderException refusedLogin(String message) {
        return new IdentityProviderException(message, true, null);
    }

    public boolean refused() {
        return refused;
    }
}
