package io.switchboard.channels.wechatkf;

import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.switchboard.channels.weixin.MediaDownload;
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
 * The WeCom calls of one account: {@code gettoken}, {@code kf/sync_msg}, {@code kf/send_msg} and
 * {@code media/get},
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

    /**
     * Downloads a customer's picture or voice message ({@code GET /cgi-bin/media/get}; a media_id is
     * valid 3 days) within {@code maxBytes}. WeCom answers an error as JSON instead of the file.
     * Fails with {@link MediaDownload.Refused}.
     */
    Future<Attachment> media(String mediaId, Attachment.Kind kind, long maxBytes) {
        return media(mediaId, kind, maxBytes, true);
    }

    private Future<Attachment> media(String mediaId, Attachment.Kind kind, long maxBytes, boolean retryToken) {
        return accessToken()
                .recover(
                        e -> Future.failedFuture(new MediaDownload.Refused(e.getMessage(), MediaDownload.MEDIA_FAILED)))
                .compose(access -> MediaDownload.get(
                        http,
                        options.apiBaseUrl() + "/cgi-bin/media/get?access_token=" + encode(access) + "&media_id="
                                + encode(mediaId),
                        options.requestTimeout(),
                        maxBytes,
                        kind))
                .compose(fetched -> {
                    String type = fetched.contentType().toLowerCase(java.util.Locale.ROOT);
                    if (type.startsWith("application/json") || type.startsWith("text/plain")) {
                        int errcode;
                        try {
                            errcode = fetched.body().toJsonObject().getInteger("errcode", -1);
                        } catch (RuntimeException e) {
                            errcode = -1;
                        }
                        if (retryToken && TOKEN_ERRORS.contains(errcode)) {
                            token = null;
                            return media(mediaId, kind, maxBytes, false);
                        }
                        return Future.failedFuture(
                                new MediaDownload.Refused("media/get errcode " + errcode, MediaDownload.MEDIA_FAILED));
                    }
                    byte[] data = fetched.body().getBytes();
                    if (data.length == 0) {
                        return Future.failedFuture(
                                new MediaDownload.Refused("media/get: empty", MediaDownload.MEDIA_FAILED));
                    }
                    // sync_msg is asked for voice_format 0: AMR.
                    String mime = kind == Attachment.Kind.IMAGE ? MediaDownload.imageType(data) : "audio/amr";
                    return Future.succeededFuture(new Attachment(kind, mime, data));
                });
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
        // compose: a closed client throws instead of failing the future.
        return Future.<Void>succeededFuture()
                .compose(v -> http.request(request))
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
