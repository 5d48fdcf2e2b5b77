package io.switchboard.channels.spi;

import io.vertx.core.json.JsonObject;

/**
 * A platform account bound to an app (a WeChat official account, a WeCom app, a Telegram bot), with
 * its settings in clear — keep it inside the adapter and never log {@code settings}.
 *
 * @param bindingId the binding's id; part of the callback URL
 * @param appId the app that answers
 * @param type the {@link BindingType#type()}
 * @param settings what {@link BindingType#validate} returned when the binding was saved
 */
public record BoundAccount(String bindingId, String appId, String type, JsonObject settings) {
    @Override
    public String toString() {
        return "BoundAccount[bindingId=" + bindingId + ", appId=" + appId + ", type=" + type + "]";
    }
}
