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

/** Developer-API keys of an app: the clear key is returned once, at creation; lists show no secret. */
final class ApiKeyRoutes {
    record CreateKey(String name) {
        CreateKey {
            if (name == null || name.isBlank() || name.length() > 100) {
                throw new IllegalArgumentException("name is required (at most 100 characters)");
            }
        }
    }

    record CreatedKey(String id, String name, String prefix, String key, Instant createdAt) {}

    record KeyView(String id, String name, String prefix, Instant createdAt, Instant revokedAt, boolean revoked) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.id(), key.name(), key.prefix(), key.createdAt(), key.revokedAt(), key.revoked());
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
        router.delete("/apps/:id/keys/:keyId").handler(this::revoke);
    }

    private void create(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        CreateKey request = json.read(ctx, CreateKey.class);
        blocking.call(() -> {
                    requireApp(appId);
                    NewApiKey generated = ApiKeys.generate(appId, request.name());
                    ApiKey stored = keys.create(generated.stored());
                    return new CreatedKey(
                            stored.id(), stored.name(), stored.prefix(), generated.clearKey(), stored.createdAt());
                })
                .onSuccess(created -> Responses.json(ctx, 201, created, json))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        Responses.allowQuery(ctx);
        blocking.call(() -> {
                    requireApp(appId);
                    return keys.listByApp(appId).stream().map(KeyView::of).toList();
                })
                .onSuccess(items -> Responses.json(ctx, 200, new KeyList(items), json))
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
