package io.switchboard.channels.spi;

import io.vertx.core.Future;

/** Looks up apps for the channels; implemented by the gateway. */
public interface AppDirectory {
    /**
     * The published profile of an app. Safe to call on the event loop.
     *
     * @return fails with {@link io.vertx.ext.web.handler.HttpException} 404 for an unknown or
     *     unpublished app
     */
    Future<AppProfile> profile(String appId);

    /**
     * The app's reply language (BCP-47), or null when it has none, or is unknown or unpublished: what a
     * channel's fixed texts follow. Never fails. Safe to call on the event loop.
     */
    default Future<String> replyLanguage(String appId) {
        return profile(appId).map(AppProfile::replyLanguage).otherwise(e -> null);
    }
}
