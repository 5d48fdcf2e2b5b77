package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.switchboard.channels.weixin.MediaDownload;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A user's picture or voice message on the iLink CDN: {@code GET <cdnBaseUrl>/download?
 * encrypted_query_param=<media.encrypt_query_param>} (or the message's {@code media.full_url}, when its
 * host is in {@link WeChatIlinkOptions#mediaHosts()}: the SSRF guard), AES-128-ECB with PKCS#7
 * padding. The key comes as {@code image_item.aeskey} (hex) or {@code media.aes_key}: base64 of the 16
 * raw bytes (pictures) or of their 32-character hex (voice, files), as the official plugin reads it.
 */
final class IlinkMedia {
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{32}");
    /** AES-128 pads to the next 16 bytes: the ciphertext of a file at the limit is up to 16 bytes longer. */
    private static final int PADDING = 16;

    private final HttpClient http;
    private final WeChatIlinkOptions options;

    IlinkMedia(HttpClient http, WeChatIlinkOptions options) {
        this.http = http;
        this.options = options;
    }

    /**
     * What the in-flight record keeps of an item's media ({@code kind}, {@code query}, {@code url} and
     * the key as hex), or null when the item names no file or no readable key.
     */
    static JsonObject reference(String kind, JsonObject item, String hexKey) {
        JsonObject media = item.getJsonObject("media", new JsonObject());
        String query = media.getString("encrypt_query_param", "");
        String url = media.getString("full_url", "");
        String key = hexKey != null && HEX_KEY.matcher(hexKey).matches() ? hexKey : key(media.getString("aes_key", ""));
        if ((query.isEmpty() && url.isEmpty()) || key == null) {
            return null;
        }
        return new JsonObject()
                .put("kind", kind)
                .put("query", query)
                .put("url", url)
                .put("key", key.toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code media.aes_key} as hex: base64 of 16 raw bytes, or of 32 hex characters; null otherwise. */
    static String key(String aesKey) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(aesKey);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (decoded.length == 16) {
            return HexFormat.of().formatHex(decoded);
        }
        String text = new String(decoded, StandardCharsets.US_ASCII);
        return decoded.length == 32 && HEX_KEY.matcher(text).matches() ? text : null;
    }

    Future<Attachment> download(JsonObject reference, Attachment.Kind kind) {
        long max = options.mediaLimits().max(kind);
        String url = reference.getString("url", "");
        String query = reference.getString("query", "");
        if (url.isEmpty() || !MediaDownload.allowed(url, options.mediaHosts())) {
            if (query.isEmpty()) {
                return Future.failedFuture(
                        new MediaDownload.Refused("media host not allowed", MediaDownload.MEDIA_FAILED));
            }
            String base = options.cdnBaseUrl().replaceAll("/+$", "");
            url = base + "/download?encrypted_query_param=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        }
        return MediaDownload.get(http, url, options.requestTimeout(), max + PADDING, kind)
                .map(fetched -> {
                    byte[] plain = decrypt(fetched.body().getBytes(), reference.getString("key"));
                    if (plain.length > max) {
                        throw new MediaDownload.Refused(
                                "media too large", io.switchboard.channels.spi.MediaLimits.tooLargeText(kind));
                    }
                    if (kind == Attachment.Kind.IMAGE) {
                        return new Attachment(kind, MediaDownload.imageType(plain), plain);
                    }
                    return IlinkVoice.attachment(plain, reference);
                });
    }

    static byte[] decrypt(byte[] encrypted, String hexKey) {
        if (encrypted.length == 0 || encrypted.length % 16 != 0) {
            throw new MediaDownload.Refused("media is not AES-128 data", MediaDownload.MEDIA_FAILED);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(HexFormat.of().parseHex(hexKey), "AES"));
            byte[] plain = cipher.doFinal(encrypted);
            if (plain.length == 0) {
                throw new MediaDownload.Refused("media is empty", MediaDownload.MEDIA_FAILED);
            }
            return plain;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MediaDownload.Refused("media could not be decrypted", MediaDownload.MEDIA_FAILED);
        }
    }
}
