package io.switchboard.runtime.access;

import io.switchboard.runtime.app.App;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Makes and hashes developer-API keys. A key is {@code sb-} + 40 base62 characters (~238 bits of entropy), so a
 * plain SHA-256 is enough to store it: unlike a password it cannot be guessed from a dictionary.
 */
public final class ApiKeys {
    public static final String KEY_PREFIX = "sb-";
    public static final int PREFIX_LENGTH = 10;
    private static final int KEY_RANDOM_CHARS = 40;
    private static final int ID_RANDOM_CHARS = 12;
    private static final int MAX_NAME_LENGTH = 100;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** A new key for {@code appId} labelled {@code name}; the result's {@code stored} holds only the hash. */
    public static NewApiKey generate(String appId, String name) {
        App.requireValidId(appId);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("api key name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("api key name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        String clearKey = KEY_PREFIX + base62(KEY_RANDOM_CHARS);
        ApiKey stored = new ApiKey(
                "key_" + base62(ID_RANDOM_CHARS),
                appId,
                name.strip(),
                clearKey.substring(0, PREFIX_LENGTH),
                hash(clearKey),
                // Databases keep microseconds: truncating here makes the returned value equal the stored one.
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                null);
        return new NewApiKey(stored, clearKey);
    }

    /** Hex SHA-256 of the key as presented by a caller, to look it up by {@code ApiKeyStore.findByHash}. */
    public static String hash(String presentedKey) {
        if (presentedKey == null) {
            throw new IllegalArgumentException("api key must not be null");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(presentedKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static String base62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }
}
