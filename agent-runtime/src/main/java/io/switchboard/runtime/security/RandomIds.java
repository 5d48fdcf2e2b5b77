package io.switchboard.runtime.security;

import java.security.SecureRandom;

/** Unguessable identifiers and keys: base62 characters from {@link SecureRandom}. */
public final class RandomIds {
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {}

    /** {@code prefix} followed by {@code length} random base62 characters (~5.95 bits each). */
    public static String base62(String prefix, int length) {
        StringBuilder out = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            out.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return out.toString();
    }
}
