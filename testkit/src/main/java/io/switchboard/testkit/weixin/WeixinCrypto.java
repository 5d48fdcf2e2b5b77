package io.switchboard.testkit.weixin;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The WeChat / WeCom message crypto as the platform documents it, written independently of any SDK so
 * that the fake platform does not share code with the adapters it tests: SHA-1 over the sorted
 * parameters; AES-256-CBC with the key's first 16 bytes as IV over {@code random(16) ‖ length(4, big
 * endian) ‖ message ‖ receiverId}, padded with PKCS#7 to 32-byte blocks, then base64.
 */
public final class WeixinCrypto {
    private static final int BLOCK = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WeixinCrypto() {}

    /** SHA-1 hex of the parameters sorted lexicographically and concatenated. */
    public static String signature(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh EncodingAESKey: 43 characters, base64 of 32 random bytes without the trailing {@code =}. */
    public static String newEncodingAesKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key).substring(0, 43);
    }

    /** Encrypts {@code message} for {@code receiverId} (AppID or CorpID); returns base64. */
    public static String encrypt(String encodingAesKey, String receiverId, String message) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] receiver = receiverId.getBytes(StandardCharsets.UTF_8);
        var plain = new ByteArrayOutputStream();
        plain.writeBytes(random);
        plain.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
        plain.writeBytes(text);
        plain.writeBytes(receiver);
        int pad = BLOCK - plain.size() % BLOCK;
        for (int i = 0; i < pad; i++) {
            plain.write(pad);
        }
        return Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE, encodingAesKey, plain.toByteArray()));
    }

    /** What {@link #decrypt} found: the message and the receiver id it was sealed for. */
    public record Decrypted(String message, String receiverId) {}

    /** Decrypts base64 {@code cipherText}; throws IllegalArgumentException when it is not well formed. */
    public static Decrypted decrypt(String encodingAesKey, String cipherText) {
        byte[] plain =
                cipher(Cipher.DECRYPT_MODE, encodingAesKey, Base64.getDecoder().decode(cipherText));
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length - 20) {
            throw new IllegalArgumentException("bad padding");
        }
        int end = plain.length - pad;
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            throw new IllegalArgumentException("bad message length");
        }
        return new Decrypted(
                new String(plain, 20, length, StandardCharsets.UTF_8),
                new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8));
    }

    private static byte[] cipher(int mode, String encodingAesKey, byte[] input) {
        byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return aes.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES failed: " + e.getMessage(), e);
        }
    }
}
