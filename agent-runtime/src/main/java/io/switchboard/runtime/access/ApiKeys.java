package io.switchboard.runtime.access;

import io.switchboard.runtime.app.App;
import io.switchboard.runtime.security.RandomIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

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

    private ApiKeys() {}

    /** A new key for {@code appId} labelled {@code name}; the result's {@code stored} holds only the hash. */
    public static NewApiKey generate(String appId, String name) {
        App.requireValidId(appId);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("api key name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("api key name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        String clearKey = KEY_PREFIX + RandomIds.base62("", KEY_RANDOM_CHARS);
        ApiKey stored = new ApiKey(
                RandomIds.base62("key_", ID_RANDOM_CHARS),
                appId,
                name.strip(),
                clearKey.substring(0, PREFIX_LENGTH),
                hash(clearKey),
                // Databases keep microseconds: truncating here makes the returned value equal the stored one.
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                null);
        return new NewApiKey(stored, clearKey);
    }

    /** At most this many browser origins per key. */
    public static final int MAX_ORIGINS = 20;

    private static final Pattern ORIGIN =
            Pattern.compile("https?://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?");

    /**
     * {@code origins} checked and in canonical form (lower case, sorted, without duplicates): each is
     * {@code http(s)://host[:port]} as a browser sends it in {@code Origin}, or {@code *} for any page.
     */
    public static List<String> requireValidOrigins(List<String> origins) {
        if (origins == null) {
            return List.of();
        }
        if (origins.size() > MAX_ORIGINS) {
            throw new IllegalArgumentException("allowedOrigins may hold at most " + MAX_ORIGINS + " origins");
        }
        TreeSet<String> canonical = new TreeSet<>();
        for (String origin : origins) {
            String lower = origin == null ? "" : origin.toLowerCase(Locale.ROOT);
            if (!lower.equals("*") && !ORIGIN.matcher(lower).matches()) {
                throw new IllegalArgumentException("allowedOrigins must hold origins like https://app.example.com or"
                        + " http://localhost:5173 (scheme, host and port only, no path), or *");
            }
            canonical.add(lower);
        }
        return List.copyOf(canonical);
    }

    /** Hex SHA-256 of the key as presented by a caller, to look it up by {@code ApiKeyStore.findByHash}. */
    public static String hash(String presentedKey) {
        if (presentedKey == null) {
            throw new IllegalArgumentException("api key must not be null");
        }
        byte[] digest = sha256().digest(presentedKey.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest);
    }

    private static final HexFormat HEX = HexFormat.of();

    /**
     * SHA-256 is looked up once: {@code MessageDigest.getInstance} walks the providers and checks the
     * algorithm constraints on every call, three quarters of a key's hash on each developer-API request
     * (perf10f profile). A clone of the prototype is a fresh, unshared digest.
     */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JVM's SHA-256 cannot be cloned", e);
        }
    }
}
