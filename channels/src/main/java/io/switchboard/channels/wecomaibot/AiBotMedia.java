package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Downloads a pushed image and decrypts it: in the long connection every image URL (valid five
 * minutes) comes with its own {@code aeskey}; the file is AES-256-CBC with the key's first 16 bytes as
 * IV and PKCS#7 padding to a multiple of 32 bytes. Only hosts in {@link WeComAiBotOptions#mediaHosts()}
 * are fetched (the SSRF guard), within the image size limit.
 */
final class AiBotMedia {
    /** Why an image could not be read; the user gets a polite reply instead. */
    static final class MediaException extends RuntimeException {
        final boolean tooLarge;

        MediaException(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }
    }

    private final HttpClient http;
    private final WeComAiBotOptions options;

    AiBotMedia(HttpClient http, WeComAiBotOptions options) {
        this.http = http;
        this.options = options;
    }

    Future<Attachment> image(String url, String aeskey) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new MediaException("image url is not a URL", false));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!(scheme.equals("https") || scheme.equals("http")) || !options.mediaHostAllowed(uri.getHost())) {
            return Future.failedFuture(new MediaException("image host not allowed: " + uri.getHost(), false));
        }
        long max = options.mediaLimits().maxImageBytes();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url)
                .setConnectTimeout(options.connectTimeout().toMillis())
                .setIdleTimeout(options.connectTimeout().toMillis());
        return http.request(request)
                .compose(req -> req.send())
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture(
                                new MediaException("image download: HTTP " + response.statusCode(), false));
                    }
                    String length = response.getHeader("content-length");
                    if (length != null && parse(length) > max + 32) {
                        response.request().connection().close();
                        return Future.failedFuture(new MediaException("image too large", true));
                    }
                    return response.body();
                })
                .compose(body -> {
                    if (body.length() > max + 32) {
                        return Future.failedFuture(new MediaException("image too large", true));
                    }
                    return Future.succeededFuture(decrypt(body, aeskey));
                });
    }

    static Attachment decrypt(Buffer encrypted, String aeskey) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(aeskey);
        } catch (IllegalArgumentException e) {
            throw new MediaException("aeskey is not base64", false);
        }
        byte[] data = encrypted.getBytes();
        if (key.length != 32 || data.length == 0 || data.length % 16 != 0) {
            throw new MediaException("image is not AES-256-CBC data", false);
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
            plain = cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new MediaException("image could not be decrypted", false);
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > 32 || pad > plain.length) {
            throw new MediaException("image padding is invalid", false);
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new MediaException("image padding is invalid", false);
            }
        }
        byte[] image = Arrays.copyOf(plain, plain.length - pad);
        if (image.length == 0) {
            throw new MediaException("image is empty", false);
        }
        return new Attachment(Attachment.Kind.IMAGE, mimeType(image), image);
    }

    private static String mimeType(byte[] image) {
        if (image.length > 3 && (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            return "image/png";
        }
        if (image.length > 3 && image[0] == 'G' && image[1] == 'I' && image[2] == 'F') {
            return "image/gif";
        }
        return "image/jpeg";
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
