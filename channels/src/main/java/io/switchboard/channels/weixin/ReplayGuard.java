package io.switchboard.channels.weixin;

import io.switchboard.channels.spi.SharedState;
import io.switchboard.threads.EventLoop;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Rejects replayed callbacks. A signature covers only the token, timestamp and nonce (plus the
 * ciphertext in safe mode), so a captured plaintext callback could be replayed with another body: the
 * timestamp must be within {@code window} of now, and a (timestamp, nonce) pair seen before must come
 * back with the very same body — which is how the platform's own retries look, and those the dedupe
 * keys absorb.
 */
public final class ReplayGuard {
    private final SharedState shared;
    private final Clock clock;
    private final Duration window;

    public ReplayGuard(SharedState shared, Clock clock, Duration window) {
        this.shared = shared;
        this.clock = clock;
        this.window = window;
    }

    /** Throws {@link HttpException} 403 for a stale timestamp or a reused nonce with another body. */
    public void check(EventLoop eventLoop, String scope, String timestamp, String nonce, String body) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new HttpException(403, "timestamp must be the platform's Unix time in seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > window.toSeconds()) {
            throw new HttpException(403, "timestamp is outside the replay window");
        }
        String key = "wx:nonce:" + scope + ":" + timestamp + ":" + nonce;
        String digest = sha256(body);
        // Twice the window: a timestamp at either edge stays remembered for as long as it is accepted.
        if (!eventLoop.call(() ->
                        shared.putIfAbsent(key, digest, window.multipliedBy(2).plusSeconds(1)))
                && !digest.equals(eventLoop.call(() -> shared.get(key)))) {
            throw new HttpException(403, "nonce was already used with another message");
        }
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
