package io.switchboard.runtime.access;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes administrator passwords with PBKDF2-HMAC-SHA256 and a 16-byte random salt. Stored format:
 * {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>}; the iteration count travels with the hash,
 * so raising {@link #DEFAULT_ITERATIONS} later does not break existing hashes.
 */
public final class PasswordHasher {
    public static final int DEFAULT_ITERATIONS = 120_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    // Bounds what a stored hash may ask for, so a corrupted row cannot pin a CPU for minutes.
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {}

    /** A new salted hash of {@code password} with {@link #DEFAULT_ITERATIONS}; to store, never to show. */
    public static String hash(String password) {
        if (password == null) {
            throw new IllegalArgumentException("password must not be empty");
        }
        return hash(password.toCharArray(), DEFAULT_ITERATIONS);
    }

    /** As {@link #hash(String)}, for callers that clear the password array afterwards. */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** Hashes with an explicit iteration count (tests use a small one to stay fast). */
    public static String hash(char[] password, int iterations) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code stored}; compares in constant time. */
    public static boolean verify(String password, String stored) {
        return password != null && verify(password.toCharArray(), stored);
    }

    /** True when {@code password} matches {@code stored}; false for a wrong password or a malformed hash. */
    public static boolean verify(char[] password, String stored) {
        if (password == null || password.length == 0 || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            byte[] actual = derive(password, salt, iterations);
            return expected.length == actual.length && MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
