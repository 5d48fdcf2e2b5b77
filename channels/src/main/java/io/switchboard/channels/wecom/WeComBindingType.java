package io.switchboard.channels.wecom;

import io.switchboard.channels.spi.BindingType;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code wecom}: a WeCom self-built app bound to an app. */
final class WeComBindingType implements BindingType {
    static final String TYPE = "wecom";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return WeComSettings.SECRETS;
    }

    @Override
    public JsonObject validate(JsonObject settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings are required: corpId, agentId, secret, token, encodingAesKey");
        }
        return WeComSettings.from(settings).toJson();
    }

    @Override
    public String callbackPath(String bindingId) {
        return "/wecom/" + bindingId;
    }
}
