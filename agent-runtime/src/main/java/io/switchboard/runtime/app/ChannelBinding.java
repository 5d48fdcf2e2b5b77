package io.switchboard.runtime.app;

import java.time.Instant;

/**
 * An app bound to a channel account: a WeChat official account, a WeCom app, a Telegram bot.
 *
 * @param id public identifier, part of the channel's callback URL ({@code ch_...})
 * @param appId the app that answers
 * @param type channel type, e.g. {@code wechat-mp}, {@code wecom}, {@code telegram}
 * @param configJson the channel's settings as JSON, secrets included; sealed at rest by the store and
 *     never returned by the admin API in clear
 * @param enabled false stops the channel from accepting messages without losing its settings
 */
public record ChannelBinding(
        String id,
        String appId,
        String type,
        String configJson,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {
    public static final String TYPE_PATTERN = "[a-z][a-z0-9-]{0,31}";

    public ChannelBinding {
        if (type == null || !type.matches(TYPE_PATTERN)) {
            throw new IllegalArgumentException("channel type must be 1-32 lower-case letters, digits or '-'");
        }
        if (configJson == null || configJson.isBlank()) {
            throw new IllegalArgumentException("channel config must be a JSON object");
        }
    }

    @Override
    public String toString() {
        return "ChannelBinding[id=" + id + ", appId=" + appId + ", type=" + type + ", enabled=" + enabled + "]";
    }
}
