package io.switchboard.channels.wechatkf;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The three WeCom calls of one account: {@code gettoken}, {@code kf/sync_msg} and {@code kf/send_msg},
 * JSON over the shared HTTP client, each with the request timeout. Only the member holding the
 * account's lease calls it, so the access token is kept here and fetched again after a token error.
 * Fails with {@link KfException}.
 */
final class KfApi {
    private static final Set<Integer> TOKEN_ERRORS = Set.of(40001, 40014, 42001);

    private final HttpClient http;
    private final WeChatKfOptions options;
    private final KfSettings settings;
    private Future<String> token;

    KfApi(HttpClient http, WeChatKfOptions options, KfSettings settings) {
        this.http = http;
        this.options = options;
        this.settings = settings;
    }

    Future<JsonObject> syncMsg(String cursor, String callbackToken, String openKfId) {
        JsonObject body = new JsonObject().put("limit", 1000).put("voice_format", 0);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        if (callbackToken != null) {
            body.put("token", callbackToken);
        }
        if (openKfId != null) {
            body.put("open_kfid", openKfId);
        }
        return call("/cgi-bin/kf/sync_msg", body, true);
    }

    Future<JsonObject> sendText(String openKfId, String externalUserId, String content) {
        JsonObject body = new JsonObject()
                .put("touser", externalUserId)
                .put("open_kfid", openKfId)
                .put("msgtype", "text")
                .put("text", new JsonObject().put("content", content));
        return call("/cgi-bin/kf/send_msg", body, true);
    }

    private Future<JsonObject> call(String path, JsonObject body, boolean retryToken) {
        return accessToken()
                .compose(access -> post(path + "?access_token=" + encode(access), body))
                .recover(e -> {
                    if (retryToken && e instanceof KfException kf && TOKEN_ERRORS.contains(kf.errcode())) {
                        token = null;
                        return call(path, body, false);
                    }
                    return Future.failedFuture(e);
                });
    }

    private Future<String> accessToken() {
        Future<String> current = token;
        if (current == null || current.failed()) {
            current = request(
                            HttpMethod.GET,
                            "/cgi-bin/gettoken?corpid=" + encode(settings.corpId()) + "&corpsecret="
                                    + encode(settings.secret()),
                            null)
                    .map(json -> json.getString("access_token"));
            token = current;
        }
        return current;
    }

    private Future<JsonObject> post(String pathAndQuery, JsonObject body) {
        return request(HttpMethod.POST, pathAndQuery, body);
    }

    private Future<JsonObject> request(HttpMethod method, String pathAndQuery, JsonObject body) {
        RequestOptions request = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(options.apiBaseUrl() + pathAndQuery)
                .setTimeout(options.requestTimeout().toMillis())
                .putHeader("content-type", "application/json");
        return http.request(request)
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body.encode())))
                .compose(response -> response.body().map(buffer -> {
                    if (response.statusCode() != 200) {
                        throw new KfException(-1, "HTTP " + response.statusCode());
                    }
                    JsonObject json;
                    try {
                        json = buffer.toJsonObject();
                    } catch (RuntimeException e) {
                        throw new KfException(-1, "the answer is not JSON");
                    }
                    int errcode = json.getInteger("errcode", 0);
                    if (errcode != 0) {
                        throw new KfException(errcode, json.getString("errmsg", ""));
                    }
                    return json;
                }))
                .recover(e -> Future.failedFuture(
                        e instanceof KfException ? e : new KfException(-1, "request failed: " + e.getMessage())));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
