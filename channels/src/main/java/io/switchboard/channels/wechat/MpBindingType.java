package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.BindingType;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code wechat-mp}: an official account (service or subscription) bound to an app. */
final class MpBindingType implements BindingType {
    static final String TYPE = "wechat-mp";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return MpSettings.SECRETS;
    }

    @Override
    public JsonObject validate(JsonObject settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings are required: appId, appSecret, token, ...");
        }
        return MpSettings.from(settings).toJson();
    }

    @Override
    public String callbackPath(String bindingId) {
        return "/wechat/" + bindingId;
    }
}
