package io.switchboard.channels.wechatkf;

import io.switchboard.channels.spi.BindingType;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code wechat-kf} binding (微信客服, run from a WeCom corp): {@code corpId}, the customer-service
 * {@code secret} (secret), the callback {@code token} and {@code encodingAesKey} (both secret) set on
 * the WeCom admin console's 微信客服 API page, and optionally {@code openKfId} to answer only one
 * customer-service account of the corp. The callback URL is {@code /wechat-kf/<bindingId>}.
 */
final class KfBindingType implements BindingType {
    static final String TYPE = "wechat-kf";
    static final KfBindingType INSTANCE = new KfBindingType();
    private static final Set<String> FIELDS = Set.of("corpId", "secret", "token", "encodingAesKey", "openKfId");
    private static final Pattern CORP_ID = Pattern.compile("ww[0-9a-zA-Z]{4,40}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{8,128}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{3,32}");
    private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9+/]{43}");
    private static final Pattern OPEN_KF_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private KfBindingType() {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return Set.of("secret", "token", "encodingAesKey");
    }

    @Override
    public JsonObject validate(JsonObject settings) {
        if (settings == null) {
            throw new IllegalArgumentException(
                    "settings are required: corpId, secret, token and encodingAesKey from WeCom's 微信客服 API page");
        }
        for (String field : settings.fieldNames()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        "settings." + field + " is not a wechat-kf setting; allowed: " + FIELDS);
            }
        }
        JsonObject valid = new JsonObject()
                .put("corpId", required(settings, "corpId", CORP_ID, "the corp ID, ww followed by letters and digits"))
                .put("secret", required(settings, "secret", SECRET, "the 微信客服 secret (8-128 letters, digits, _ or -)"))
                .put("token", required(settings, "token", TOKEN, "the callback Token (3-32 letters or digits)"))
                .put(
                        "encodingAesKey",
                        required(settings, "encodingAesKey", AES_KEY, "the callback EncodingAESKey (43 characters)"));
        String openKfId = string(settings, "openKfId");
        if (openKfId != null && !openKfId.isEmpty()) {
            if (!OPEN_KF_ID.matcher(openKfId).matches()) {
                throw new IllegalArgumentException(
                        "settings.openKfId must be a customer-service account ID like wkXXXX");
            }
            valid.put("openKfId", openKfId);
        }
        return valid;
    }

    @Override
    public String callbackPath(String bindingId) {
        return WeChatKfChannel.PREFIX + bindingId;
    }

    private static String required(JsonObject settings, String field, Pattern pattern, String what) {
        String value = string(settings, field);
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("settings." + field + " must be " + what);
        }
        return value;
    }

    private static String string(JsonObject settings, String field) {
        Object value = settings.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("settings." + field + " must be a string");
        }
        return value == null ? null : ((String) value).trim();
    }
}
