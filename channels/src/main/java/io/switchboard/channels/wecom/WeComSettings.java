package io.switchboard.channels.wecom;

import io.switchboard.channels.weixin.Settings;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** The settings of a {@code wecom} binding; {@code toString} leaves the secrets out. */
record WeComSettings(
        String corpId,
        int agentId,
        String secret,
        String token,
        String encodingAesKey,
        boolean markdown,
        String apiBaseUrl,
        boolean followUpList) {
    static final Set<String> FIELDS =
            Set.of("corpId", "agentId", "secret", "token", "encodingAesKey", "markdown", "apiBaseUrl", "followUpList");
    static final Set<String> SECRETS = Set.of("secret", "token", "encodingAesKey");

    static WeComSettings from(JsonObject json) {
        Settings.onlyKnown(json, FIELDS);
        Object agent = json.getValue("agentId");
        int agentId;
        if (agent instanceof Number number && number.doubleValue() == number.intValue() && number.intValue() > 0) {
            agentId = number.intValue();
        } else if (agent instanceof String text && text.matches("[1-9][0-9]{0,9}")) {
            agentId = Integer.parseInt(text);
        } else {
            throw new IllegalArgumentException("agentId is required: the app's AgentId, a positive number");
        }
        Object markdown = json.getValue("markdown", false);
        if (!(markdown instanceof Boolean)) {
            throw new IllegalArgumentException("markdown must be true or false");
        }
        return new WeComSettings(
                Settings.required(json, "corpId"),
                agentId,
                Settings.required(json, "secret"),
                Settings.token(json),
                Settings.encodingAesKey(json),
                (Boolean) markdown,
                Settings.apiBaseUrl(json),
                Settings.flag(json, "followUpList", true));
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("corpId", corpId)
                .put("agentId", agentId)
                .put("secret", secret)
                .put("token", token)
                .put("encodingAesKey", encodingAesKey)
                .put("markdown", markdown)
                .put("followUpList", followUpList);
        if (apiBaseUrl != null) {
            json.put("apiBaseUrl", apiBaseUrl);
        }
        return json;
    }

    @Override
    public String toString() {
        return "WeComSettings[corpId=" + corpId + ", agentId=" + agentId + ", markdown=" + markdown + "]";
    }
}
