package io.switchboard.admin;

import io.switchboard.runtime.access.ApiKey;
import io.switchboard.runtime.access.ApiKeyStore;
import io.switchboard.runtime.access.ApiKeys;
import io.switchboard.runtime.access.NewApiKey;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Developer-API keys of an app: the clear key is returned once, at creation; lists show no secret. */
final class ApiKeyRoutes {
    record CreateKey(String name, List<String> allowedOrigins) {
        CreateKey {
            if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > 100) {
                throw new IllegalArgumentException("name is required (at most 100 characters)");
            }
            allowedOrigins = ApiKeys.requireValidOrigins(allowedOrigins);
        }
    }

    /** The browser origins a key allows (CORS); the whole list is replaced. */
    record UpdateKey(List<String> allowedOrigins) {
        UpdateKey {
            if (allowedOrigins == null) {
                throw new IllegalArgumentException("allowedOrigins is required (an empty list allows none)");
            }
            allowedOrigins = ApiKeys.requireValidOrigins(allowedOrigins);
        }
    }

    record CreatedKey(
            String id, String name, String prefix, String key, Instant createdAt, List<String> allowedOrigins) {}

    record KeyView(
            String id,
            String name,
            String prefix,
            Instant createdAt,
            Instant revokedAt,
            boolean revoked,
            List<String> allowedOrigins) {
        static KeyView of(ApiKey key, List<String> allowedOrigins) {
            return new KeyView(
                    key.id(),
                    key.name(),
                    key.prefix(),
                    key.createdAt(),
                    key.revokedAt(),
                    key.revoked(),
                    allowedOrigins == null ? List.of() : allowedOrigins);
        }
    }

    record KeyList(List<KeyView> items) {}

    private final AppStore apps;
    private final ApiKeyStore keys;
    private final ChangeNotifier changes;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    ApiKeyRoutes(AdminBackend backend, ChangeNotifier changes, VirtualThreads blocking, JsonCodec json) {
        this.apps = backend.apps();
        this.keys = backend.apiKeys();
        this.changes = changes;
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.post("/apps/:id/keys").handler(this::create);
        router.get("/apps/:id/keys").handler(this::list);
        router.patch("/apps/:id/keys/:keyId").handler(this::update);
        router.delete("/apps/:id/keys/:keyId").handler(this::revoke);
    }

    private void create(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        CreateKey request = json.read(ctx, CreateKey.class);
        blocking.call(() -> {
                    requireApp(appId);
                    NewApiKey generated = ApiKeys.generate(appId, request.name());
                    ApiKey stored = keys.create(generated.stored());
                    if (!request.allowedOrigins().isEmpty()) {
                        keys.setAllowedOrigins(appId, stored.id(), request.allowedOrigins());
                    }
                    return new CreatedKey(
                            stored.id(),
                            stored.name(),
                            stored.prefix(),
                            generated.clearKey(),
                            stored.createdAt(),
                            request.allowedOrigins());
                })
                .onSuccess(created -> Responses.json(ctx, 201, created, json))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        Responses.allowQuery(ctx);
        blocking.call(() -> {
                    requireApp(appId);
                    Map<String, List<String>> origins = keys.allowedOriginsByApp(appId);
                    return keys.listByApp(appId).stream()
                            .map(key -> KeyView.of(key, origins.get(key.id())))
                            .toList();
                })
                .onSuccess(items -> Responses.json(ctx, 200, new KeyList(items), json))
                .onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        String keyId = ctx.pathParam("keyId");
        UpdateKey request = json.read(ctx, UpdateKey.class);
        blocking.call(() -> {
                    if (!keys.setAllowedOrigins(appId, keyId, request.allowedOrigins())) {
                        throw ApiException.notFound("app '" + appId + "' has no key '" + keyId + "'");
                    }
                    // Members cache verified keys with their origins: make them forget.
                    changes.appChanged(appId);
                    ApiKey key = keys.listByApp(appId).stream()
                            .filter(k -> k.id().equals(keyId))
                            .findFirst()
                            .orElseThrow(() -> ApiException.notFound("app '" + appId + "' has no key '" + keyId + "'"));
                    return KeyView.of(key, request.allowedOrigins());
                })
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        String keyId = ctx.pathParam("keyId");
        blocking.call(() -> {
                    if (!keys.revoke(appId, keyId)) {
                        throw ApiException.notFound("app '" + appId + "' has no key '" + keyId + "'");
                    }
                    // Members may cache verified keys per app: make them forget.
                    changes.appChanged(appId);
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void requireApp(String appId) {
        if (apps.find(appId).isEmpty()) {
            throw ApiException.notFound("app '" + appId + "' does not exist");
        }
    }
}
