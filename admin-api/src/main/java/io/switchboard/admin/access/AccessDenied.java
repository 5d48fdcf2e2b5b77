package io.switchboard.admin.access;

/** A credential that opens nothing (expired, revoked, unknown user, reused refresh token): answered with 401. */
public final class AccessDenied extends RuntimeException {
    public AccessDenied(String message) {
        super(message, null, false, false);
    }
}
