package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.MediaLimits;
import io.switchboard.channels.weixin.OptionChecks;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How the WeCom AI bot channel connects and paces itself. Build with {@link #builder()}; every field
 * has a {@code DEFAULT_*}.
 *
 * @param wsUrl the long-connection gateway ({@code ws://} only for tests)
 * @param leaseTtl how long a member holds a bot's connection without renewing: the takeover time after
 *     it dies
 * @param heartbeatInterval the {@code ping} period (WeCom's SDKs use 30 s; two missed acks close it)
 * @param ackTimeout how long a frame waits for WeCom's acknowledgement
 * @param streamInterval the least time between two stream frames of one answer
 * @param recoveryGrace how long a dead member's accepted message waits before another member answers it
 * @param chatPushInterval the least time between two proactive pushes into one chat, cluster-wide
 * @param botPushesPerSecond proactive pushes per second per bot, cluster-wide
 * @param pushChunkBytes the largest proactive markdown push (longer answers are sent in parts, in order)
 * @param mediaHosts host names (or {@code .suffix}es) images may be downloaded from: the SSRF guard
 */
public record WeComAiBotOptions(
        String wsUrl,
        Duration leaseTtl,
        Duration heartbeatInterval,
        Duration ackTimeout,
        Duration connectTimeout,
        Duration reconnectBackoff,
        Duration streamInterval,
        Duration recoveryGrace,
        Duration dedupeTtl,
        Duration chatPushInterval,
        int botPushesPerSecond,
        int pushChunkBytes,
        MediaLimits mediaLimits,
        List<String> mediaHosts) {
    private static final String KIND = "wecom-aibot";

    public static final String DEFAULT_WS_URL = "wss://openws.work.weixin.qq.com";
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STREAM_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofDays(2);
    public static final Duration DEFAULT_CHAT_PUSH_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_BOT_PUSHES_PER_SECOND = 20;
    /** WeCom documents 20480 bytes for stream content; no figure was found for proactive markdown. */
    public static final int DEFAULT_PUSH_CHUNK_BYTES = 4096;

    public static final List<String> DEFAULT_MEDIA_HOSTS = List.of(".qq.com", ".qpic.cn", ".weixin.qq.com");

    public WeComAiBotOptions {
        URI uri = URI.create(OptionChecks.required(KIND, wsUrl, "wsUrl"));
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("wss") && !scheme.equals("ws") || uri.getHost() == null) {
            throw new IllegalArgumentException("wecom-aibot wsUrl must be a wss:// URL, got '" + wsUrl + "'");
        }
        OptionChecks.positive(KIND, leaseTtl, "leaseTtl");
        OptionChecks.positive(KIND, heartbeatInterval, "heartbeatInterval");
        OptionChecks.positive(KIND, ackTimeout, "ackTimeout");
        OptionChecks.positive(KIND, connectTimeout, "connectTimeout");
        OptionChecks.positive(KIND, reconnectBackoff, "reconnectBackoff");
        OptionChecks.notNegative(KIND, streamInterval, "streamInterval");
        OptionChecks.positive(KIND, recoveryGrace, "recoveryGrace");
        OptionChecks.positive(KIND, dedupeTtl, "dedupeTtl");
        OptionChecks.notNegative(KIND, chatPushInterval, "chatPushInterval");
        OptionChecks.range(KIND, botPushesPerSecond, 1, 1000, "botPushesPerSecond");
        OptionChecks.range(KIND, pushChunkBytes, 256, 20480, "pushChunkBytes");
        OptionChecks.required(KIND, mediaLimits, "mediaLimits");
        mediaHosts = mediaHosts == null ? List.of() : List.copyOf(mediaHosts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static WeComAiBotOptions defaults() {
        return builder().build();
    }

    /** True when an image may be fetched from {@code host}. */
    boolean mediaHostAllowed(String host) {
        return OptionChecks.hostAllowed(mediaHosts, host);
    }

    /** Builds options; unset fields take their {@code DEFAULT_*}. */
    public static final class Builder {
        private String wsUrl = DEFAULT_WS_URL;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration reconnectBackoff = DEFAULT_RECONNECT_BACKOFF;
        private Duration streamInterval = DEFAULT_STREAM_INTERVAL;
        private Duration recoveryGrace = DEFAULT_RECOVERY_GRACE;
        private Duration dedupeTtl = DEFAULT_DEDUPE_TTL;
        private Duration chatPushInterval = DEFAULT_CHAT_PUSH_INTERVAL;
        private int botPushesPerSecond = DEFAULT_BOT_PUSHES_PER_SECOND;
        private int pushChunkBytes = DEFAULT_PUSH_CHUNK_BYTES;
        private MediaLimits mediaLimits = MediaLimits.DEFAULT;
        private List<String> mediaHosts = DEFAULT_MEDIA_HOSTS;

        private Builder() {}

        public Builder wsUrl(String value) {
            this.wsUrl = value;
            return this;
        }

        public Builder leaseTtl(Duration value) {
            this.leaseTtl = value;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            this.heartbeatInterval = value;
            return this;
        }

        public Builder ackTimeout(Duration value) {
            this.ackTimeout = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder reconnectBackoff(Duration value) {
            this.reconnectBackoff = value;
            return this;
        }

        public Builder streamInterval(Duration value) {
            this.streamInterval = value;
            return this;
        }

        public Builder recoveryGrace(Duration value) {
            this.recoveryGrace = value;
            return this;
        }

        public Builder dedupeTtl(Duration value) {
            this.dedupeTtl = value;
            return this;
        }

        public Builder chatPushInterval(Duration value) {
            this.chatPushInterval = value;
            return this;
        }

        public Builder botPushesPerSecond(int value) {
            this.botPushesPerSecond = value;
            return this;
        }

        public Builder pushChunkBytes(int value) {
            this.pushChunkBytes = value;
            return this;
        }

        public Builder mediaLimits(MediaLimits value) {
            this.mediaLimits = value;
            return this;
        }

        public Builder mediaHosts(List<String> value) {
            this.mediaHosts = value;
            return this;
        }

        public WeComAiBotOptions build() {
            return new WeComAiBotOptions(
                    wsUrl,
                    leaseTtl,
                    heartbeatInterval,
                    ackTimeout,
                    connectTimeout,
                    reconnectBackoff,
                    streamInterval,
                    recoveryGrace,
                    dedupeTtl,
                    chatPushInterval,
                    botPushesPerSecond,
                    pushChunkBytes,
                    mediaLimits,
                    mediaHosts);
        }
    }
}
