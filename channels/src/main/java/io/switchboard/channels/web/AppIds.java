package io.switchboard.channels.web;

import io.vertx.ext.web.handler.HttpException;
import java.util.regex.Pattern;

/** The app id in a chat URL: anything outside this shape cannot name an app, so it is a 404 at once. */
final class AppIds {
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private AppIds() {}

    static String require(String appId) {
        if (appId == null || !APP_ID.matcher(appId).matches()) {
            throw new HttpException(404, "unknown app");
        }
        return appId;
    }
}
