package io.switchboard.admin.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new admin password must be beyond its length: {@link #MIN_LENGTH} to {@link #MAX_LENGTH}
 * characters; shorter than {@link #PASSPHRASE_LENGTH} it needs three of four classes (lower case, upper
 * case, digits, others), a passphrase at least two; at least {@link #MIN_DISTINCT} different characters;
 * not a common password (a small bundled list, also with digits or symbols stuck before or after it);
 * not the username. Thread-safe.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;
    public static final int PASSPHRASE_LENGTH = 20;
    public static final int MIN_DISTINCT = 6;

    private static final String LIST = "common-passwords.txt";
    private static final PasswordPolicy DEFAULT = new PasswordPolicy(load());

    private final Set<String> common;

    private PasswordPolicy(Set<String> common) {
        this.common = common;
    }

    /** The policy with the bundled common-password list. */
    public static PasswordPolicy standard() {
        return DEFAULT;
    }

    /**
     * Why {@code password} is refused for {@code username}, as a sentence naming the field
     * {@code field}; empty when it is acceptable.
     */
    public Optional<String> refusal(String field, String password, String username) {
        if (password == null
                || password.codePointCount(0, password.length()) < MIN_LENGTH
                || password.codePointCount(0, password.length()) > MAX_LENGTH) {
            return Optional.of(field + " must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters");
        }
        int classes = classes(password);
        if (password.codePointCount(0, password.length()) < PASSPHRASE_LENGTH && classes < 3) {
            return Optional.of(field + " must mix three of: lower case, upper case, digits, other characters"
                    + " (or be a passphrase of at least " + PASSPHRASE_LENGTH + " characters)");
        }
        if (classes < 2) {
            return Optional.of(field + " must mix at least two of: lower case, upper case, digits, other characters");
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT) {
            return Optional.of(field + " must have at least " + MIN_DISTINCT + " different characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String core = lower.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
        if (common.contains(lower) || common.contains(core) || common.contains(lower.replace(" ", ""))) {
            return Optional.of(field + " is a commonly used password; choose another");
        }
        if (username != null
                && !username.isBlank()
                && lower.contains(username.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of(field + " must not contain the username");
        }
        return Optional.empty();
    }

    private static int classes(String password) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException("resource " + LIST + " is missing from the admin-api jar");
            }
            Set<String> words = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String word = line.strip().toLowerCase(Locale.ROOT);
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word);
                }
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + LIST, e);
        }
    }
}
