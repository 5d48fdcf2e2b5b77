package io.switchboard.admin.external;

/** The provider refused the code, could not be reached, or answered something that does not check out. */
public final class IdentityProviderException extends RuntimeException {
    public IdentityProviderException(String message) {
        super(message);
    }

    public IdentityProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
