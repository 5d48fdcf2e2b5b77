package io.switchboard.runtime.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with the master key: AES-256-GCM, a fresh random 12-byte IV per value, sealed
 * values look like {@code v1:} + base64(iv ‖ ciphertext ‖ tag). Thread-safe.
 */
public final class SecretBox {
    public static final int KEY_BYTES = 32;
    private static final String FORMAT_PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final String MAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Idle ciphers and MACs kept for reuse: enough for the threads that seal at once on a busy node. */
    private static final int POOLED = 64;

    private final SecretKeySpec key;
    private final SecretKeySpec macKey;
    // A new Cipher costs a provider lookup and, on its first init, the AES key schedule; a reused one
    // initialised with the same key skips both (a fresh IV each time, as GCM requires). Memory is sealed
    // and opened several times per turn, so this showed in the turn's profile. Same for the keyed hash.
    private final BlockingQueue<Cipher> ciphers = new ArrayBlockingQueue<>(POOLED);
    private final BlockingQueue<Mac> macs = new ArrayBlockingQueue<>(POOLED);

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        this.macKey = new SecretKeySpec(hmac(new SecretKeySpec(key, MAC), "switchboard/map-keys"), MAC);
    }

    /** A box over {@code key}, which must be exactly 32 bytes (AES-256); the array is copied. */
    public static SecretBox create(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the master key must be exactly 32 bytes (AES-256), got "
                    + (key == null ? "none" : key.length + " bytes"));
        }
        return new SecretBox(Arrays.copyOf(key, KEY_BYTES));
    }

    /** A box over a base64-encoded 32-byte key, as printed by {@link #generateKeyBase64()}. */
    public static SecretBox fromBase64(String keyBase64) {
        if (keyBase64 == null || keyBase64.isBlank()) {
            throw new IllegalArgumentException("the master key is missing: set it to the base64 of 32 random bytes");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(keyBase64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key is not valid base64: it must be the base64 of 32 bytes");
        }
        return create(key);
    }

    /** A new random master key, base64-encoded. */
    public static String generateKeyBase64() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Encrypts {@code clear}; two calls with the same value give different outputs. */
    public String seal(String clear) {
        Objects.requireNonNull(clear, "clear");
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out =
                    ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed);
            return FORMAT_PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Decrypts a value made by {@link #seal(String)}.
     *
     * @throws IllegalStateException when the value was sealed with another master key or was altered
     * @throws IllegalArgumentException when the value is not in the {@code v1:} format
     */
    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith(FORMAT_PREFIX)) {
            throw new IllegalArgumentException("not a sealed value: expected the v1: format");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(FORMAT_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a sealed value: the v1: payload is not base64");
        }
        if (raw.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("not a sealed value: the v1: payload is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            byte[] clear = cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            // Deliberately no cause and no value: only the fact that authentication failed.
            throw new IllegalStateException(
                    "the master key does not match the key this secret was sealed with (or the sealed value was altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Encrypts bytes (shared state in the cluster's maps): iv ‖ ciphertext ‖ tag, with {@code context} bound
     * as associated data, so a value copied under another key does not open.
     */
    public byte[] sealBytes(byte[] clear, byte[] context) {
        Objects.requireNonNull(clear, "clear");
        byte[] out = new byte[IV_BYTES + clear.length + TAG_BITS / 8];
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        Cipher cipher = cipher();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context);
            cipher.doFinal(clear, 0, clear.length, out, IV_BYTES);
            ciphers.offer(cipher);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Decrypts what {@link #sealBytes(byte[], byte[])} made with the same {@code context}.
     *
     * @throws IllegalStateException when the key or context differ, or the value was altered
     */
    public byte[] openBytes(byte[] sealed, byte[] context) {
        if (sealed == null || sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("not a sealed value: too short");
        }
        Cipher cipher = cipher();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(context);
            byte[] clear = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
            ciphers.offer(cipher);
            return clear;
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(
                    "a sealed value does not open with this master key (another key, or the value was altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * A keyed hash of {@code name} (HMAC-SHA256 under a key derived from the master key, base64url): map keys
     * that name users or conversations without revealing them to a reader of the map.
     */
    public String keyedName(String name) {
        Mac mac = macs.poll();
        try {
            if (mac == null) {
                mac = Mac.getInstance(MAC);
                mac.init(macKey);
            }
            // doFinal resets the MAC to its key, ready for the next name.
            String keyed = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
            macs.offer(mac);
            return keyed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** A pooled cipher, or a new one; one that failed is not given back (its state is unknown). */
    private Cipher cipher() {
        Cipher cipher = ciphers.poll();
        if (cipher != null) {
            return cipher;
        }
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM, key=***]";
    }
}
