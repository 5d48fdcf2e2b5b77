package io.switchboard.channels.ilink;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The QR-code login of a personal WeChat bot: {@code GET ilink/bot/get_bot_qrcode?bot_type=3} gives
 * {@code qrcode} (the login's id) and {@code qrcode_img_content} (the URL to render as a QR code for
 * the owner to scan in WeChat); {@code GET ilink/bot/get_qrcode_status?qrcode=} answers {@code wait},
 * {@code scaned}, {@code confirmed} (with {@code bot_token} and {@code ilink_bot_id}) or {@code expired}.
 * The status call is a long poll upstream; it is cut short here so that an admin request returns fast.
 */
final class IlinkLogin {
    private static final Pattern QR_CODE = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final long STATUS_TIMEOUT_MILLIS = 5_000;

    private final HttpClient http;
    private final WeChatIlinkOptions options;

    IlinkLogin(HttpClient http, WeChatIlinkOptions options) {
        this.http = http;
        this.options = options;
    }

    Future<JsonObject> start() {
        return get(
                        "ilink/bot/get_bot_qrcode?bot_type=3",
                        options.requestTimeout().toMillis())
                .map(json -> {
                    String qrcode = json.getString("qrcode", "");
                    if (!QR_CODE.matcher(qrcode).matches()) {
                        throw new IllegalStateException("the iLink login answered without a usable qrcode");
                    }
                    return new JsonObject()
                            .put("loginId", qrcode)
                            .put("qrCodeUrl", json.getString("qrcode_img_content", ""))
                            .put("status", "waiting");
                });
    }

    Future<JsonObject> status(String loginId) {
        if (loginId == null || !QR_CODE.matcher(loginId).matches()) {
            return Future.failedFuture(new IllegalArgumentException("loginId is not a login this channel started"));
        }
        return get(
                        "ilink/bot/get_qrcode_status?qrcode=" + URLEncoder.encode(loginId, StandardCharsets.UTF_8),
                        STATUS_TIMEOUT_MILLIS)
                .map(json -> {
                    String state = json.getString("status", "wait").toLowerCase(Locale.ROOT);
                    return switch (state) {
                        case "confirmed" ->
                            new JsonObject()
                                    .put("status", "confirmed")
                                    .put(
                                            "settings",
                                            new JsonObject()
                                                    .put("botToken", json.getString("bot_token", ""))
                                                    .put("botId", json.getString("ilink_bot_id", "")));
                        case "scaned", "scanned" -> new JsonObject().put("status", "scanned");
                        case "expired" -> new JsonObject().put("status", "expired");
                        default -> new JsonObject().put("status", "waiting");
                    };
                })
                // The upstream long poll ran out: nothing happened yet.
                .recover(e -> e instanceof IllegalArgumentException
                        ? Future.failedFuture(e)
                        : Future.succeededFuture(new JsonObject().put("status", "waiting")));
    }

    private Future<JsonObject> get(String endpoint, long timeoutMillis) {
        String base = options.apiBaseUrl().endsWith("/") ? options.apiBaseUrl() : options.apiBaseUrl() + "/";
        return http.request(new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setAbsoluteURI(base + endpoint)
                        .setTimeout(timeoutMillis))
                .compose(req -> req.send())
                .compose(response -> response.body().map(buffer -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("iLink login: HTTP " + response.statusCode());
                    }
                    return buffer.toJsonObject();
                }));
    }
}
