package io.switchboard.gateway.config;

import io.switchboard.channels.ilink.WeChatIlinkOptions;
import io.switchboard.channels.wechatkf.WeChatKfOptions;
import io.switchboard.channels.wecomaibot.WeComAiBotOptions;
import java.time.Duration;

/**
 * The sections of the channels that hold a connection or a poller per account: {@code wecomAibot},
 * {@code wechatKf} and {@code wechatIlink}. Every field may be left out (null or 0): the channel's own
 * {@code DEFAULT_*} applies, so each default lives in one place. Each section is checked when it is
 * read, by building the channel's options.
 */
public final class WeixinFamily {
    private WeixinFamily() {}

    /**
     * The WeCom AI bot long connection.
     *
     * @param wsUrl the long-connection gateway
     * @param leaseTtl how long a member holds a bot's connection without renewing: the takeover time
     * @param heartbeatInterval the ping period
     * @param ackTimeout how long a frame waits for WeCom's acknowledgement
     * @param streamInterval the least time between two stream frames of one answer
     * @param recoveryGrace how long a dead member's accepted message waits before another answers it
     * @param chatPushInterval the least time between two proactive pushes into one chat, cluster-wide
     * @param botPushesPerSecond proactive pushes per second per bot, cluster-wide
     */
    public record AiBot(
            String wsUrl,
            Duration leaseTtl,
            Duration heartbeatInterval,
            Duration ackTimeout,
            Duration streamInterval,
            Duration recoveryGrace,
            Duration chatPushInterval,
            int botPushesPerSecond) {
        public static final AiBot DEFAULTS = new AiBot(null, null, null, null, null, null, null, 0);

        public AiBot {
            wsUrl = blank(wsUrl) ? WeComAiBotOptions.DEFAULT_WS_URL : wsUrl.strip();
            leaseTtl = or(leaseTtl, WeComAiBotOptions.DEFAULT_LEASE_TTL);
            heartbeatInterval = or(heartbeatInterval, WeComAiBotOptions.DEFAULT_HEARTBEAT_INTERVAL);
            ackTimeout = or(ackTimeout, WeComAiBotOptions.DEFAULT_ACK_TIMEOUT);
            streamInterval = or(streamInterval, WeComAiBotOptions.DEFAULT_STREAM_INTERVAL);
            recoveryGrace = or(recoveryGrace, WeComAiBotOptions.DEFAULT_RECOVERY_GRACE);
            chatPushInterval = or(chatPushInterval, WeComAiBotOptions.DEFAULT_CHAT_PUSH_INTERVAL);
            botPushesPerSecond =
                    botPushesPerSecond == 0 ? WeComAiBotOptions.DEFAULT_BOT_PUSHES_PER_SECOND : botPushesPerSecond;
            try {
                options(
                        wsUrl,
                        leaseTtl,
                        heartbeatInterval,
                        ackTimeout,
                        streamInterval,
                        recoveryGrace,
                        chatPushInterval,
                        botPushesPerSecond);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("wecomAibot: " + e.getMessage());
            }
        }

        public WeComAiBotOptions options() {
            return options(
                    wsUrl,
                    leaseTtl,
                    heartbeatInterval,
                    ackTimeout,
                    streamInterval,
                    recoveryGrace,
                    chatPushInterval,
                    botPushesPerSecond);
        }

        private static WeComAiBotOptions options(
                String wsUrl,
                Duration leaseTtl,
                Duration heartbeatInterval,
                Duration ackTimeout,
                Duration streamInterval,
                Duration recoveryGrace,
                Duration chatPushInterval,
                int botPushesPerSecond) {
            return WeComAiBotOptions.builder()
                    .wsUrl(wsUrl)
                    .leaseTtl(leaseTtl)
                    .heartbeatInterval(heartbeatInterval)
                    .ackTimeout(ackTimeout)
                    .streamInterval(streamInterval)
                    .recoveryGrace(recoveryGrace)
                    .chatPushInterval(chatPushInterval)
                    .botPushesPerSecond(botPushesPerSecond)
                    .build();
        }
    }

    /**
     * WeChat customer service (微信客服).
     *
     * @param apiBaseUrl the WeCom API
     * @param leaseTtl how long a member holds an account's poller without renewing: the takeover time
     * @param pollInterval how long the poller waits for a callback before it syncs anyway
     * @param requestTimeout the timeout of every API call and media download
     * @param recoveryGrace how long a dead member's claimed message waits before another answers it
     * @param sendInterval the least time between two messages of one account, cluster-wide
     */
    public record Kf(
            String apiBaseUrl,
            Duration leaseTtl,
            Duration pollInterval,
            Duration requestTimeout,
            Duration recoveryGrace,
            Duration sendInterval) {
        public static final Kf DEFAULTS = new Kf(null, null, null, null, null, null);

        public Kf {
            apiBaseUrl = blank(apiBaseUrl) ? WeChatKfOptions.DEFAULT_API_BASE_URL : apiBaseUrl.strip();
            leaseTtl = or(leaseTtl, WeChatKfOptions.DEFAULT_LEASE_TTL);
            pollInterval = or(pollInterval, WeChatKfOptions.DEFAULT_POLL_INTERVAL);
            requestTimeout = or(requestTimeout, WeChatKfOptions.DEFAULT_REQUEST_TIMEOUT);
            recoveryGrace = or(recoveryGrace, WeChatKfOptions.DEFAULT_RECOVERY_GRACE);
            sendInterval = or(sendInterval, WeChatKfOptions.DEFAULT_SEND_INTERVAL);
            try {
                options(apiBaseUrl, leaseTtl, pollInterval, requestTimeout, recoveryGrace, sendInterval);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("wechatKf: " + e.getMessage());
            }
        }

        public WeChatKfOptions options() {
            return options(apiBaseUrl, leaseTtl, pollInterval, requestTimeout, recoveryGrace, sendInterval);
        }

        private static WeChatKfOptions options(
                String apiBaseUrl,
                Duration leaseTtl,
                Duration pollInterval,
                Duration requestTimeout,
                Duration recoveryGrace,
                Duration sendInterval) {
            return WeChatKfOptions.builder()
                    .apiBaseUrl(apiBaseUrl)
                    .leaseTtl(leaseTtl)
                    .pollInterval(pollInterval)
                    .requestTimeout(requestTimeout)
                    .recoveryGrace(recoveryGrace)
                    .sendInterval(sendInterval)
                    .build();
        }
    }

    /**
     * The personal-WeChat bot API (iLink).
     *
     * @param apiBaseUrl the bot API
     * @param cdnBaseUrl where pictures and voice messages are downloaded
     * @param leaseTtl how long a member holds a bot's poller without renewing: the takeover time
     * @param longPollTimeout how long one getupdates may be held
     * @param requestTimeout the timeout of every other call and media download
     * @param recoveryGrace how long a dead member's claimed message waits before another answers it
     * @param sessionPause how long polling pauses after the login session expired
     * @param botMessagesPerSecond messages per second per bot, cluster-wide
     * @param userInterval the least time between two messages to one user, cluster-wide
     */
    public record Ilink(
            String apiBaseUrl,
            String cdnBaseUrl,
            Duration leaseTtl,
            Duration longPollTimeout,
            Duration requestTimeout,
            Duration recoveryGrace,
            Duration sessionPause,
            int botMessagesPerSecond,
            Duration userInterval) {
        public static final Ilink DEFAULTS = new Ilink(null, null, null, null, null, null, null, 0, null);

        public Ilink {
            apiBaseUrl = blank(apiBaseUrl) ? WeChatIlinkOptions.DEFAULT_API_BASE_URL : apiBaseUrl.strip();
            cdnBaseUrl = blank(cdnBaseUrl) ? WeChatIlinkOptions.DEFAULT_CDN_BASE_URL : cdnBaseUrl.strip();
            leaseTtl = or(leaseTtl, WeChatIlinkOptions.DEFAULT_LEASE_TTL);
            longPollTimeout = or(longPollTimeout, WeChatIlinkOptions.DEFAULT_LONG_POLL_TIMEOUT);
            requestTimeout = or(requestTimeout, WeChatIlinkOptions.DEFAULT_REQUEST_TIMEOUT);
            recoveryGrace = or(recoveryGrace, WeChatIlinkOptions.DEFAULT_RECOVERY_GRACE);
            sessionPause = or(sessionPause, WeChatIlinkOptions.DEFAULT_SESSION_PAUSE);
            botMessagesPerSecond = botMessagesPerSecond == 0
                    ? WeChatIlinkOptions.DEFAULT_BOT_MESSAGES_PER_SECOND
                    : botMessagesPerSecond;
            userInterval = or(userInterval, WeChatIlinkOptions.DEFAULT_USER_INTERVAL);
            try {
                options(
                        apiBaseUrl,
                        cdnBaseUrl,
                        leaseTtl,
                        longPollTimeout,
                        requestTimeout,
                        recoveryGrace,
                        sessionPause,
                        botMessagesPerSecond,
                        userInterval);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("wechatIlink: " + e.getMessage());
            }
        }

        public WeChatIlinkOptions options() {
            return options(
                    apiBaseUrl,
                    cdnBaseUrl,
                    leaseTtl,
                    longPollTimeout,
                    requestTimeout,
                    recoveryGrace,
                    sessionPause,
                    botMessagesPerSecond,
                    userInterval);
        }

        private static WeChatIlinkOptions options(
                String apiBaseUrl,
                String cdnBaseUrl,
                Duration leaseTtl,
                Duration longPollTimeout,
                Duration requestTimeout,
                Duration recoveryGrace,
                Duration sessionPause,
                int botMessagesPerSecond,
                Duration userInterval) {
            return WeChatIlinkOptions.builder()
                    .apiBaseUrl(apiBaseUrl)
                    .cdnBaseUrl(cdnBaseUrl)
                    .leaseTtl(leaseTtl)
                    .longPollTimeout(longPollTimeout)
                    .requestTimeout(requestTimeout)
                    .recoveryGrace(recoveryGrace)
                    .sessionPause(sessionPause)
                    .botMessagesPerSecond(botMessagesPerSecond)
                    .userInterval(userInterval)
                    .build();
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static Duration or(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }
}
