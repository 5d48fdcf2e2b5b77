package io.switchboard.admin;

import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.app.ChannelBinding;
import io.switchboard.runtime.app.ChannelBindingStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;

/**
 * Bindings whose credentials come from a login rather than from the admin (the personal-WeChat bot's
 * QR code): {@code POST /apps/:id/channels/logins {type}} starts one and returns the QR code's URL;
 * {@code GET /apps/:id/channels/logins/:loginId?type=} polls it, and once the owner confirmed on the
 * phone creates the binding (settings validated and sealed as any binding's; never returned) and
 * returns its id — again on every later poll, never a second binding. {@code GET
 * /apps/:id/channels/:bindingId/status} reports what the channel last saw of the account (e.g. a
 * session that expired and needs a new login).
 */
final class ChannelLoginRoutes {
    record StartLogin(String type) {
        StartLogin {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("type is required, e.g. \"wechat-ilink\"");
            }
        }
    }

    private final AppStore apps;
    private final ChannelBindingStore bindings;
    private final ChannelTypes types;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    ChannelLoginRoutes(AdminBackend backend, VirtualThreads blocking, JsonCodec json) {
        this.apps = backend.apps();
        this.bindings = backend.channelBindings();
        this.types = backend.channelTypes();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.post("/apps/:id/channels/logins").handler(this::start);
        router.get("/apps/:id/channels/logins/:loginId").handler(this::poll);
        router.get("/apps/:id/channels/:bindingId/status").handler(this::status);
    }

    private void start(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        StartLogin request = json.read(ctx, StartLogin.class);
        String type = knownType(request.type());
        blocking.call(() -> requireApp(appId))
                .compose(v -> refusedOrUnavailable(type, types.startLogin(type)))
                .onSuccess(started -> Responses.json(
                        ctx, 201, started.copy().put("type", type).getMap(), json))
                .onFailure(ctx::fail);
    }

    private void poll(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        String loginId = ctx.pathParam("loginId");
        String type = knownType(ctx.queryParams().get("type"));
        blocking.call(() -> requireApp(appId))
                .compose(v -> refusedOrUnavailable(type, types.loginStatus(type, loginId)))
                .compose(state -> {
                    if (!"confirmed".equals(state.getString("status"))) {
                        return Future.succeededFuture(new JsonObject().put("status", state.getString("status")));
                    }
                    JsonObject settings = validated(type, state.getJsonObject("settings", new JsonObject()));
                    return blocking.call(() ->
                            new JsonObject().put("status", "confirmed").put("bindingId", bind(appId, type, settings)));
                })
                .onSuccess(state -> Responses.json(ctx, 200, state.getMap(), json))
                .onFailure(ctx::fail);
    }

    private void status(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        String bindingId = ctx.pathParam("bindingId");
        blocking.call(() -> bindings.find(bindingId)
                        .filter(b -> b.appId().equals(appId))
                        .orElseThrow(() -> ApiException.notFound(
                                "app '" + appId + "' has no channel binding '" + bindingId + "'")))
                .compose(binding -> types.status(binding.type(), binding.id())
                        .map(status -> Map.<String, Object>of(
                                "bindingId", binding.id(), "status", status == null ? "unknown" : status)))
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    /** The app's binding of this account: the existing one when a poll repeats the confirmation. */
    private String bind(String appId, String type, JsonObject settings) {
        Optional<ChannelBinding> existing = bindings.listByApp(appId).stream()
                .filter(b -> b.type().equals(type) && new JsonObject(b.configJson()).equals(settings))
                .findFirst();
        if (existing.isPresent()) {
            return existing.get().id();
        }
        ChannelBinding created = bindings.create(appId, type, settings.encode());
        types.bindingChanged(created.id());
        return created.id();
    }

    private String knownType(String type) {
        if (type == null || !types.types().contains(type)) {
            throw ApiException.badRequest(
                    "type must be one of " + new java.util.TreeSet<>(types.types()) + ", got '" + type + "'");
        }
        return type;
    }

    private JsonObject validated(String type, JsonObject settings) {
        try {
            return types.validate(type, settings);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the login returned unusable settings: " + e.getMessage());
        }
    }

    /**
     * The channel's refusal of the request (IllegalArgumentException) is a 400; any other failure is the
     * platform's — unreachable, timed out, an HTTP error or an unusable answer — and a 502 naming it, not
     * a 500: the gateway itself did nothing wrong.
     */
    private static <T> Future<T> refusedOrUnavailable(String type, Future<T> future) {
        return future.recover(e -> Future.failedFuture(
                e instanceof IllegalArgumentException
                        ? ApiException.badRequest(e.getMessage())
                        : new ApiException(
                                502,
                                "login_unavailable",
                                "the " + type + " login service failed: "
                                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()))));
    }

    private Void requireApp(String appId) {
        if (apps.find(appId).isEmpty()) {
            throw ApiException.notFound("app '" + appId + "' does not exist");
        }
        return null;
    }
}
