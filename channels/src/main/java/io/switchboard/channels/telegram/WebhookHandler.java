package io.switchboard.channels.telegram;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /telegram/:bindingId}: checks {@code X-Telegram-Bot-Api-Secret-Token} before reading the
 * body (401 without it, 403 when wrong: nothing is processed), then accepts the update and answers 200
 * — also for a malformed update that has its {@code update_id}, which is logged and skipped so that
 * Telegram does not deliver it again and again. A body that is no update at all (not JSON, no numeric
 * {@code update_id}: Telegram never sends that) gets 400. When shared state cannot record the update
 * the answer is 503, so that Telegram delivers it again.
 */
final class WebhookHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final String BOT = "telegram.bot";

    private final Function<String, TelegramBot> bots;

    WebhookHandler(Function<String, TelegramBot> bots) {
        this.bots = bots;
    }

    /** Runs before the body is read. */
    void checkSecret(RoutingContext rc) {
        String bindingId = rc.pathParam("bindingId");
        TelegramBot bot = bots.apply(bindingId);
        if (bot == null || bot.settings().mode() != BotSettings.Mode.WEBHOOK) {
            rc.fail(new HttpException(404, "no telegram webhook binding " + bindingId));
            return;
        }
        String presented = rc.request().getHeader(SECRET_HEADER);
        if (presented == null || presented.isEmpty()) {
            rc.fail(new HttpException(401, "the " + SECRET_HEADER + " header is required"));
            return;
        }
        if (!MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8),
                bot.settings().webhookSecret().getBytes(StandardCharsets.UTF_8))) {
            LOG.info("telegram binding {}: webhook request with a wrong secret refused", bindingId);
            rc.fail(new HttpException(403, "the " + SECRET_HEADER + " header does not match"));
            return;
        }
        rc.put(BOT, bot);
        rc.next();
    }

    /** Runs after the body handler. */
    void accept(RoutingContext rc) {
        TelegramBot bot = rc.get(BOT);
        String bindingId = rc.pathParam("bindingId");
        byte[] body =
                rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        var envelope = UpdateParser.envelope(body);
        if (envelope.isEmpty()) {
            LOG.warn(
                    "telegram binding {}: webhook body without a numeric update_id ({} bytes) refused",
                    bindingId,
                    body.length);
            rc.fail(new HttpException(
                    400, "the body must be a Telegram Update: a JSON object with a numeric update_id"));
            return;
        }
        var update = UpdateParser.parse(bindingId, envelope.get());
        if (update.isEmpty()) {
            ok(rc);
            return;
        }
        bot.accept(update.get()).onSuccess(v -> ok(rc)).onFailure(e -> {
            LOG.warn(
                    "telegram binding {}: update {} not recorded ({}); Telegram will retry",
                    bindingId,
                    update.get().getUpdateId(),
                    e.toString());
            rc.fail(new HttpException(503, "the update could not be recorded; deliver it again"));
        });
    }

    /** Renders failures on the webhook route as {@code {"error","message"}}. */
    static void failure(RoutingContext rc) {
        int status;
        String message;
        if (rc.failure() instanceof HttpException http) {
            status = http.getStatusCode();
            message = http.getPayload() != null ? http.getPayload() : reason(status);
        } else if (rc.failure() == null && rc.statusCode() >= 400) {
            status = rc.statusCode();
            message = status == 413
                    ? "update is larger than " + TelegramChannel.WEBHOOK_BODY_LIMIT_BYTES + " bytes"
                    : reason(status);
        } else {
            status = 500;
            message = "internal error";
            LOG.error("telegram webhook failed", rc.failure());
        }
        if (rc.response().headWritten() || rc.response().closed()) {
            return;
        }
        rc.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(new JsonObject()
                        .put("error", reason(status).toLowerCase(Locale.ROOT).replace(' ', '_'))
                        .put("message", message)
                        .encode());
    }

    private static void ok(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{}");
    }

    private static String reason(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
