package io.switchboard.channels.ilink;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * The bot API calls of one bot: {@code getupdates} (long poll), {@code sendmessage} (text bound to a
 * message's {@code context_token}), {@code getconfig} + {@code sendtyping}. JSON over POST with
 * {@code AuthorizationType: ilink_bot_token}, {@code Authorization: Bearer <token>} and a random
 * {@code X-WECHAT-UIN}, as the official plugin sends. Fails with {@link IlinkException}.
 */
final class IlinkApi {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonObject BASE_INFO = new JsonObject().put("channel_version", "switchboard");

    private final HttpClient http;
    private final WeChatIlinkOptions options;
    private final String token;

    IlinkApi(HttpClient http, WeChatIlinkOptions options, String token) {
        this.http = http;
        this.options = options;
        this.token = token;
    }

    Future<JsonObject> getUpdates(String buf) {
        JsonObject body = new JsonObject().put("get_updates_buf", buf == null ? "" : buf);
        return post("ilink/bot/getupdates", body, options.longPollTimeout().plusSeconds(5));
    }

    Future<JsonObject> sendText(String toUserId, String contextToken, String text) {
        JsonObject msg = new JsonObject()
                .put("from_user_id", "")
                .put("to_user_id", toUserId)
                .put("client_id", "switchboard-" + UUID.randomUUID())
                .put("message_type", 2)
                .put("message_state", 2)
                .put("context_token", contextToken)
                .put(
                        "item_list",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("type", 1)
                                        .put("text_item", new JsonObject().put("text", text))));
        return post("ilink/bot/sendmessage", new JsonObject().put("msg", msg), options.requestTimeout());
    }

    /** Shows (status 1) or clears (2) "typing…" for a user; best effort. */
    Future<Void> typing(String userId, String contextToken, int status) {
        return post(
                        "ilink/bot/getconfig",
                        new JsonObject().put("ilink_user_id", userId).put("context_token", contextToken),
                        options.requestTimeout())
                .compose(config -> post(
                        "ilink/bot/sendtyping",
                        new JsonObject()
                                .put("ilink_user_id", userId)
                                .put("typing_ticket", config.getString("typing_ticket", ""))
                                .put("status", status),
                        options.requestTimeout()))
                .mapEmpty();
    }

    private Future<JsonObject> post(String endpoint, JsonObject body, Duration timeout) {
        String base = options.apiBaseUrl().endsWith("/") ? options.apiBaseUrl() : options.apiBaseUrl() + "/";
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(base + endpoint)
                .setTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("AuthorizationType", "ilink_bot_token")
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("X-WECHAT-UIN", uin());
        Buffer payload = Buffer.buffer(body.copy().put("base_info", BASE_INFO).encode());
        // compose: a closed client throws instead of failing the future.
        return Future.<Void>succeededFuture()
                .compose(v -> http.request(request))
                .compose(req -> req.send(payload))
                .compose(response -> response.body().map(buffer -> {
                    if (response.statusCode() != 200) {
                        throw new IlinkException(-1, "HTTP " + response.statusCode());
                    }
                    JsonObject json;
                    try {
                        json = buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
                    } catch (RuntimeException e) {
                        throw new IlinkException(-1, "the answer is not JSON");
                    }
                    int code = json.getInteger("errcode", json.getInteger("ret", 0));
                    if (code == 0) {
                        code = json.getInteger("ret", 0);
                    }
                    if (code != 0) {
                        throw new IlinkException(code, json.getString("errmsg", ""));
                    }
                    return json;
                }))
                .recover(e -> Future.failedFuture(
                        e instanceof IlinkException ? e : new IlinkException(-1, "request failed: " + e.getMessage())));
    }

    /** X-WECHAT-UIN: a random uint32 in decimal, base64-encoded. */
    private static String uin() {
        long value = RANDOM.nextInt() & 0xffffffffL;
        return Base64.getEncoder().encodeToString(Long.toString(value).getBytes(StandardCharsets.UTF_8));
    }
}
