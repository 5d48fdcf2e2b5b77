package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.weixin.Settings;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The settings of a {@code wechat-mp} binding; {@code toString} leaves the secrets out.
 *
 * @param unsupportedReply the binding's own answer to a message it cannot read, or null for the fixed
 *     text in the app's (else the user's) language
 * @param pendingNotice the binding's own notice that an answer is still being prepared, or null for the
 *     fixed text in the app's (else the user's) language
 */
record MpSettings(
        String appId,
        String appSecret,
        String token,
        String encodingAesKey,
        Mode mode,
        boolean serviceAccount,
        String unsupportedReply,
        Map<String, String> clickQuestions,
        String pendingNotice,
        String apiBaseUrl,
        boolean followUpList) {
    enum Mode {
        PLAINTEXT,
        COMPATIBLE,
        SAFE
    }

    static final String DEFAULT_UNSUPPORTED_REPLY = "抱歉，我目前只能理解文字和语音消息，请用文字提问。";
    static final String DEFAULT_PENDING_NOTICE = "回答还在准备中，请稍后发送任意消息查看。";
    static final FixedTexts.Text UNSUPPORTED = new FixedTexts.Text(
            "Sorry, I can only understand text and voice messages. Please ask in words.", DEFAULT_UNSUPPORTED_REPLY);
    static final FixedTexts.Text PENDING = new FixedTexts.Text(
            "Your answer is still being prepared. Send any message in a moment to see it.", DEFAULT_PENDING_NOTICE);
    static final Set<String> FIELDS = Set.of(
            "appId",
            "appSecret",
            "token",
            "encodingAesKey",
            "mode",
            "accountType",
            "unsupportedReply",
            "clickQuestions",
            "pendingNotice",
            "apiBaseUrl",
            "followUpList");
    static final Set<String> SECRETS = Set.of("appSecret", "token", "encodingAesKey");

    static MpSettings from(JsonObject json) {
        Settings.onlyKnown(json, FIELDS);
        String modeName = Settings.optional(json, "mode", "plaintext");
        Mode mode = switch (modeName) {
            case "plaintext" -> Mode.PLAINTEXT;
            case "compatible" -> Mode.COMPATIBLE;
            case "safe" -> Mode.SAFE;
            default -> throw new IllegalArgumentException("mode must be plaintext, compatible or safe");
        };
        String accountType = Settings.optional(json, "accountType", "service");
        if (!accountType.equals("service") && !accountType.equals("subscription")) {
            throw new IllegalArgumentException(
                    "accountType must be service (verified, may send customer-service" + " messages) or subscription");
        }
        String aesKey = mode == Mode.PLAINTEXT && json.getValue("encodingAesKey") == null
                ? null
                : Settings.encodingAesKey(json);
        return new MpSettings(
                Settings.required(json, "appId"),
                Settings.required(json, "appSecret"),
                Settings.token(json),
                aesKey,
                mode,
                accountType.equals("service"),
                explicit(json, "unsupportedReply", DEFAULT_UNSUPPORTED_REPLY),
                clickQuestions(json.getValue("clickQuestions")),
                explicit(json, "pendingNotice", DEFAULT_PENDING_NOTICE),
                Settings.apiBaseUrl(json),
                Settings.flag(json, "followUpList", true));
    }

    /**
     * A text the admin set, or null; the Chinese default that bindings made before the texts followed
     * the app's language stored is no choice of the admin's.
     */
    private static String explicit(JsonObject json, String field, String formerDefault) {
        String text = Settings.optional(json, field, null);
        return text == null || text.equals(formerDefault) ? null : text;
    }

    /** What to answer a message the binding cannot read (no user text to tell the language by). */
    String unsupportedReply(String appLanguage) {
        return UNSUPPORTED.orIn(unsupportedReply, appLanguage, null, UNSUPPORTED.chinese());
    }

    /** The notice that an answer is still being prepared, for a user who wrote {@code userText}. */
    String pendingNotice(String appLanguage, String userText) {
        return PENDING.orIn(pendingNotice, appLanguage, userText, PENDING.chinese());
    }

    private static Map<String, String> clickQuestions(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("clickQuestions must be an object {menu EventKey: question}");
        }
        Map<String, String> questions = new LinkedHashMap<>();
        for (String key : object.fieldNames()) {
            if (!(object.getValue(key) instanceof String question) || question.isBlank()) {
                throw new IllegalArgumentException("clickQuestions." + key + " must be a non-empty question");
            }
            questions.put(key, question.strip());
        }
        return Map.copyOf(questions);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("appId", appId)
                .put("appSecret", appSecret)
                .put("token", token)
                .put("mode", mode.name().toLowerCase(java.util.Locale.ROOT))
                .put("accountType", serviceAccount ? "service" : "subscription")
                .put("clickQuestions", new JsonObject(new LinkedHashMap<>(clickQuestions)))
                .put("followUpList", followUpList);
        if (unsupportedReply != null) {
            json.put("unsupportedReply", unsupportedReply);
        }
        if (pendingNotice != null) {
            json.put("pendingNotice", pendingNotice);
        }
        if (encodingAesKey != null) {
            json.put("encodingAesKey", encodingAesKey);
        }
        if (apiBaseUrl != null) {
            json.put("apiBaseUrl", apiBaseUrl);
        }
        return json;
    }

    @Override
    public String toString() {
        return "MpSettings[appId=" + appId + ", mode=" + mode + ", serviceAccount=" + serviceAccount + "]";
    }
}
