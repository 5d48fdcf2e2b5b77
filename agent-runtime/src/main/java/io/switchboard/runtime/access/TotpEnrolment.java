package io.switchboard.runtime.access;

import io.switchboard.runtime.security.Secret;
import java.time.Instant;

/**
 * An admin's TOTP secret (RFC 6238, base32), pending until confirmed with a first code; {@code lastStep}
 * is the last time step a code was accepted for, so a code is never accepted twice.
 */
public record TotpEnrolment(String username, Secret secret, boolean enabled, long lastStep, Instant createdAt) {}
