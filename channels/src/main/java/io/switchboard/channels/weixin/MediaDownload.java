package io.switchboard.channels.weixin;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.switchboard.channels.spi.MediaLimits;
import io.switchboard.channels.spi.TurnReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Downloads a picture or voice message of the WeChat family's pull channels (customer service's
 * {@code media/get}, iLink's CDN) within a size limit: a {@code Content-Length} over the limit is
 * refused before the body, a body that grows past it is cut off, and only {@code http(s)} URLs whose
 * host is allowed are fetched (the SSRF guard). Fails with {@link Refused}, whose reply is what the
 * user is told instead.
 */
public final class MediaDownload {
    public static final FixedTexts.Text MEDIA_FAILED = new FixedTexts.Text(
            "Sorry, I could not open that picture or voice message. Please send it again.", "抱歉，无法读取这条图片或语音，请重发。");

    /** Why a file was not downloaded: the polite reply the user gets instead of an answer. */
    public static final class Refused extends RuntimeException {
        private final FixedTexts.Text reply;

        public Refused(String reason, FixedTexts.Text reply) {
            super(reason);
            this.reply = reply;
        }

        /** The reply in the app's language, both languages when it has none. */
        public String reply(String appLanguage) {
            return reply.in(appLanguage, null, reply.both());
        }
    }

    private MediaDownload() {}

    /**
     * A turn on a picture or voice message: downloaded only when the app takes that kind ({@link
     * AppProfile}), then handed to the turn as its attachment. A refusal (the app takes no such file, too
     * large, unreadable) becomes its polite reply; a failed turn becomes {@code failure}.
     *
     * @param notTaken what the user is told when the app takes no such file
     * @return the text to send
     */
    public static Future<String> turn(
            ChannelContext channel,
            String appId,
            Attachment.Kind kind,
            Supplier<Future<Attachment>> download,
            Function<List<Attachment>, InboundMessage> message,
            FixedTexts.Text notTaken,
            FixedTexts.Text failure) {
        return channel.apps()
                .profile(appId)
                .compose(
                        profile -> answer(channel, profile, kind, download, message, notTaken, failure),
                        e -> Future.succeededFuture(failure.both()));
    }

    private static Future<String> answer(
            ChannelContext channel,
            AppProfile profile,
            Attachment.Kind kind,
            Supplier<Future<Attachment>> download,
            Function<List<Attachment>, InboundMessage> message,
            FixedTexts.Text notTaken,
            FixedTexts.Text failure) {
        String language = profile == null ? null : profile.replyLanguage();
        String failed = failure.in(language, null, failure.both());
        Future<Attachment> file = taken(profile, kind)
                ? download.get()
                : Future.failedFuture(new Refused("the app takes no " + kind, notTaken));
        return file.compose(f -> channel.turns()
                        .handle(message.apply(List.of(f)), null)
                        .map(TurnReply::text)
                        .recover(e -> Future.succeededFuture(failed)))
                .recover(e -> Future.succeededFuture(e instanceof Refused refused ? refused.reply(language) : failed));
    }

    private static boolean taken(AppProfile profile, Attachment.Kind kind) {
        return profile != null && (kind == Attachment.Kind.IMAGE ? profile.acceptsImages() : profile.acceptsVoice());
    }

    /** True when {@code url} is http(s) and its host is one of {@code hosts} (or ends with a {@code .suffix}). */
    public static boolean allowed(String url, List<String> hosts) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return hosts.stream()
                .anyMatch(allowed -> allowed.startsWith(".") ? host.endsWith(allowed) : host.equals(allowed));
    }

    /**
     * GETs {@code url} and returns the body and its content type.
     *
     * @param maxBytes the largest body accepted
     * @param kind what the file is, for the reply when it is too large
     */
    public static Future<Fetched> get(
            HttpClient http, String url, Duration timeout, long maxBytes, Attachment.Kind kind) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url)
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis());
        // compose: a closed client throws instead of failing the future.
        return Future.<Void>succeededFuture()
                .compose(v -> http.request(request))
                .compose(req -> req.send())
                .compose(response -> read(response, maxBytes, kind))
                .recover(e -> Future.failedFuture(
                        e instanceof Refused
                                ? e
                                : new Refused("media download failed: " + e.getMessage(), MEDIA_FAILED)));
    }

    /** A downloaded body and its {@code Content-Type} (empty when absent). */
    public record Fetched(Buffer body, String contentType) {}

    private static Future<Fetched> read(HttpClientResponse response, long maxBytes, Attachment.Kind kind) {
        String type = response.getHeader("content-type") == null ? "" : response.getHeader("content-type");
        if (response.statusCode() != 200) {
            return Future.failedFuture(new Refused("media download: HTTP " + response.statusCode(), MEDIA_FAILED));
        }
        String length = response.getHeader("content-length");
        if (length != null && parse(length) > maxBytes) {
            response.request().connection().close();
            return Future.failedFuture(new Refused("media too large", MediaLimits.tooLargeText(kind)));
        }
        Promise<Fetched> done = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > maxBytes) {
                response.handler(null);
                done.tryFail(new Refused("media too large", MediaLimits.tooLargeText(kind)));
                response.request().connection().close();
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(e -> done.tryFail(new Refused("media download: " + e.getMessage(), MEDIA_FAILED)));
        response.endHandler(v -> done.tryComplete(new Fetched(body, type)));
        return done.future();
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The image type from its first bytes (WeChat's pictures are JPEG unless they say otherwise). */
    public static String imageType(byte[] image) {
        if (image.length > 3 && (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            return "image/png";
        }
        if (image.length > 3 && image[0] == 'G' && image[1] == 'I' && image[2] == 'F') {
            return "image/gif";
        }
        if (image.length > 11 && image[0] == 'R' && image[1] == 'I' && image[8] == 'W' && image[9] == 'E') {
            return "image/webp";
        }
        return "image/jpeg";
    }
}
