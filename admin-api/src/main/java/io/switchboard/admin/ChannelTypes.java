package io.switchboard.admin;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The channel types an admin can bind apps to, as the gateway's channel adapters define them. The
 * admin API cannot see the channels module, so the gateway hands this in.
 */
public interface ChannelTypes {
    /** Every bindable type, e.g. {@code wechat-mp}, {@code wecom}, {@code telegram}. */
    Set<String> types();

    /**
     * The channel names turns are logged under (e.g. {@code web}, {@code api}, {@code wechat}), which
     * may differ from the binding types; the admin API adds its own debug chat's.
     */
    default Set<String> logChannels() {
        return types();
    }

    /**
     * Checks and normalises settings. Pure and fast.
     *
     * @throws IllegalArgumentException naming the field and what to fix (rendered as 400)
     */
    JsonObject validate(String type, JsonObject settings);

    /** Settings fields of {@code type} that are secrets: never returned in clear. */
    Set<String> secretFields(String type);

    /** The absolute URL the platform must call for a binding, or null when the channel pulls. */
    String callbackUrl(String type, String bindingId);

    /** Tells every cluster member that a binding was created, changed or deleted. Must not throw. */
    void bindingChanged(String bindingId);

    /**
     * Starts an account login (a QR code the account owner scans) for a type whose credentials come
     * from a login: {@code {loginId, qrCodeUrl, status}}. Fails with IllegalArgumentException (a 400)
     * when the type has none; any other failure is the platform's (unreachable, refusing, answering
     * nonsense), which the admin API answers with 502.
     */
    default io.vertx.core.Future<JsonObject> startLogin(String type) {
        return io.vertx.core.Future.failedFuture(
                new IllegalArgumentException("channel type '" + type + "' has no login; give its settings"));
    }

    /**
     * A login's state: {@code {status}} — waiting, scanned, expired, or confirmed with {@code settings}
     * (secrets in clear) to create the binding from.
     */
    default io.vertx.core.Future<JsonObject> loginStatus(String type, String loginId) {
        return startLogin(type);
    }

    /** What the channel last observed about a binding's account (e.g. session-expired), or null. */
    default io.vertx.core.Future<String> status(String type, String bindingId) {
        return io.vertx.core.Future.succeededFuture(null);
    }

    /** No channel types: for an admin API without bindable channels. */
    ChannelTypes NONE = new ChannelTypes() {
        @Override
        public Set<String> types() {
            return Set.of();
        }

        @Override
        public JsonObject validate(String type, JsonObject settings) {
            throw new IllegalArgumentException("unknown channel type '" + type + "'");
        }

        @Override
        public Set<String> secretFields(String type) {
            return Set.of();
        }

        @Override
        public String callbackUrl(String type, String bindingId) {
            return null;
        }

        @Override
        public void bindingChanged(String bindingId) {}
    };
}
