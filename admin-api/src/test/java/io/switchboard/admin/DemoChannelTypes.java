package io.switchboard.admin;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The channel side of the boundary, as the gateway would hand it in: one type {@code demo} whose
 * settings need a secret {@code token} and a {@code mode} of push or pull, and which records changes.
 */
final class DemoChannelTypes implements ChannelTypes {
    final List<String> changed = new CopyOnWriteArrayList<>();

    @Override
    public Set<String> types() {
        return Set.of("demo");
    }

    @Override
    public Set<String> logChannels() {
        return Set.of("demo", "web", "api");
    }

    @Override
    public JsonObject validate(String type, JsonObject settings) {
        Object token = settings.getValue("token");
        if (!(token instanceof String text) || text.length() < 8) {
            throw new IllegalArgumentException("settings.token must be a string of at least 8 characters");
        }
        Object mode = settings.getValue("mode", "push");
        if (!"push".equals(mode) && !"pull".equals(mode)) {
            throw new IllegalArgumentException("settings.mode must be push or pull");
        }
        return settings.copy().put("mode", mode);
    }

    @Override
    public Set<String> secretFields(String type) {
        return Set.of("token");
    }

    @Override
    public String callbackUrl(String type, String bindingId) {
        return "https://bots.example.test/demo/" + bindingId;
    }

    @Override
    public void bindingChanged(String bindingId) {
        changed.add(bindingId);
    }

    /** Logins started, by id, and how many polls each has had: confirmed on the second poll. */
    final java.util.Map<String, Integer> logins = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public io.vertx.core.Future<JsonObject> startLogin(String type) {
        String id = "login" + (logins.size() + 1);
        logins.put(id, 0);
        return io.vertx.core.Future.succeededFuture(new JsonObject()
                .put("loginId", id)
                .put("qrCodeUrl", "https://qr.example.test/" + id)
                .put("status", "waiting"));
    }

    @Override
    public io.vertx.core.Future<JsonObject> loginStatus(String type, String loginId) {
        Integer polls = logins.computeIfPresent(loginId, (k, n) -> n + 1);
        if (polls == null) {
            return io.vertx.core.Future.failedFuture(new IllegalArgumentException("unknown loginId " + loginId));
        }
        return io.vertx.core.Future.succeededFuture(
                polls < 2
                        ? new JsonObject().put("status", "scanned")
                        : new JsonObject()
                                .put("status", "confirmed")
                                .put("settings", new JsonObject().put("token", "token-from-" + loginId)));
    }

    @Override
    public io.vertx.core.Future<String> status(String type, String bindingId) {
        return io.vertx.core.Future.succeededFuture("session-expired");
    }
}
