package io.switchboard.channels.spi;

import io.vertx.ext.web.Router;
import java.util.List;

/**
 * A chat channel: turns a platform's requests into {@link InboundMessage}s and the replies into the
 * platform's answers. One public factory per adapter; everything else stays package-private.
 */
public interface ChannelAdapter {
    /** Short type name used in logs, metrics and the conversation log, e.g. {@code web}. */
    String type();

    /**
     * Adds the channel's routes. Called once, on start. Errors are reported by failing the routing
     * context with an {@link io.vertx.ext.web.handler.HttpException}; the gateway renders them as JSON.
     */
    void mount(Router router, ChannelContext context);

    /** The kinds of platform account an admin can bind to apps through this channel. */
    default List<BindingType> bindingTypes() {
        return List.of();
    }

    /**
     * Told on every member after a binding of one of this channel's types was created, changed,
     * disabled or deleted, so that it can drop caches or (re)register webhooks and pollers. Must not
     * block or throw.
     */
    default void accountChanged(String bindingId) {}

    /**
     * Starts an account login for a binding type whose credentials come from a login (a QR code the
     * account owner scans) rather than from the admin. Safe on the event loop.
     *
     * @return {@code {loginId, qrCodeUrl, status: "waiting"}}; fails with IllegalArgumentException when
     *     the type has no login, with any other exception when the platform could not start one
     *     (unreachable, refusing, an unusable answer)
     */
    default io.vertx.core.Future<io.vertx.core.json.JsonObject> startLogin(String bindingType) {
        return io.vertx.core.Future.failedFuture(new IllegalArgumentException(
                "channel type '" + bindingType + "' has no login; create the binding with its settings"));
    }

    /**
     * The state of a login started by {@link #startLogin}: {@code {status}} with status {@code
     * waiting}, {@code scanned}, {@code expired} or {@code confirmed} — then also {@code settings}, the
     * binding's settings (secrets in clear: seal them). Safe on the event loop.
     */
    default io.vertx.core.Future<io.vertx.core.json.JsonObject> loginStatus(String bindingType, String loginId) {
        return startLogin(bindingType);
    }

    /**
     * What the channel last observed about a binding's account (e.g. {@code active}, {@code
     * session-expired}), or null when it reports nothing. Safe on the event loop.
     */
    default io.vertx.core.Future<String> status(String bindingId) {
        return io.vertx.core.Future.succeededFuture(null);
    }

    /**
     * Sends {@code notice} unprompted to {@code recipient} through binding {@code bindingId} of one of
     * this channel's types: the platform's id of a person (a WeCom userid, a Telegram chat id). Safe on
     * the event loop; the send itself runs elsewhere. Fails with IllegalArgumentException when the
     * channel cannot send unprompted or the recipient is not an id of its shape, and with the platform's
     * error when the send was refused.
     */
    default io.vertx.core.Future<Void> sendNotice(String bindingId, String recipient, StaffNotice notice) {
        return io.vertx.core.Future.failedFuture(
                new IllegalArgumentException("channel '" + type() + "' cannot send messages unprompted"));
    }

    /**
     * Where presses on the in-chat buttons of {@link #sendNotice notices} go; set by the gateway once,
     * before {@link #mount}. Channels without in-chat buttons ignore it.
     */
    default void staffNoticeActions(StaffNoticeActions actions) {}

    /** Called once at shutdown, before the HTTP server closes: stop pollers and queues. */
    default void stop() {}
}
