package io.switchboard.runtime.access;

import java.time.Instant;

/** An administrator; {@code passwordHash} is a PBKDF2 hash in {@link PasswordHasher}'s format. */
public record AdminUser(String username, String passwordHash, Instant createdAt) {}
