package io.switchboard.channels.wechatkf;

import io.vertx.core.json.JsonObject;

/** A {@code wechat-kf} binding's settings; {@link #toString()} hides the secrets. */
record KfSettings(String corpId, String secret, String token, String encodingAesKey, String openKfId) {
    static KfSettings from(JsonObject settings) {
        JsonObject valid = KfBindingType.INSTANCE.validate(settings);
        return new KfSettings(
                valid.getString("corpId"),
                valid.getString("secret"),
                valid.getString("token"),
                valid.getString("encodingAesKey"),
                valid.getString("openKfId"));
    }

    @Override
    public String toString() {
        return "KfSettings[corpId=" + corpId + ", openKfId=" + openKfId + "]";
    }
}
