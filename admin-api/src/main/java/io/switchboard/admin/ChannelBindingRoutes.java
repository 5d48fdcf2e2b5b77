package io.switchboard.admin;

import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.app.ChannelBinding;
import io.switchboard.runtime.app.ChannelBindingStore;
import io.switchboard.runtime.turn.TurnLogStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds apps to platform accounts (WeChat, WeCom, Telegram, ...). Settings are validated by the
 * channel that owns the type, stored sealed, and shown with their secrets masked.
 */
final class ChannelBindingRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelBindingRoutes.class);
    /** What a masked secret reads as; sending it back on update keeps the stored value. */
    static final String MASK = "********";

    record CreateBinding(String type, Map<String, Object> settings, Boolean enabled) {
        CreateBinding {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("type is required");
            }
            if (settings == null) {
                throw new IllegalArgumentException("settings is required (a JSON object)");
            }
        }
    }

    record UpdateBinding(Map<String, Object> settings, Boolean enabled) {}

    record BindingView(
            String id,
            String appId,
            String type,
            boolean enabled,
            Map<String, Object> settings,
            Set<String> secretsSet,
            String callbackUrl,
            Instant createdAt,
            Instant updatedAt,
            BindingStatus activity) {}

    record BindingList(List<BindingView> items) {}

    private final AppStore apps;
    private final ChannelBindingStore bindings;
    private final ChannelTypes types;
    private final TurnLogStore logs;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    ChannelBindingRoutes(AdminBackend backend, VirtualThreads blocking, JsonCodec json) {
        this.apps = backend.apps();
        this.bindings = backend.channelBindings();
        this.types = backend.channelTypes();
        this.logs = backend.turnLogs();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/apps/:id/channels").handler(this::list);
        router.post("/apps/:id/channels").handler(this::create);
        router.get("/apps/:id/channels/:bindingId").handler(this::get);
        router.put("/apps/:id/channels/:bindingId").handler(this::update);
        router.delete("/apps/:id/channels/:bindingId").handler(this::delete);
    }

    private void create(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        CreateBinding request = json.read(ctx, CreateBinding.class);
        JsonObject settings = validated(request.type(), new JsonObject(request.settings()));
        blocking.call(() -> {
                    requireApp(appId);
                    ChannelBinding created = bindings.create(appId, request.type(), settings.encode());
                    if (Boolean.FALSE.equals(request.enabled())) {
                        created = bindings.update(created.id(), created.configJson(), false);
                    }
                    notifyChanged(created.id());
                    return view(created);
                })
                .onSuccess(view -> Responses.json(ctx, 201, view, json))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        Responses.allowQuery(ctx);
        blocking.call(() -> {
                    requireApp(appId);
                    Map<String, BindingStatus> statuses = statuses(appId);
                    return bindings.listByApp(appId).stream()
                            .map(binding -> view(binding, statuses))
                            .toList();
                })
                .onSuccess(items -> Responses.json(ctx, 200, new BindingList(items), json))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        blocking.call(() -> {
                    ChannelBinding binding = binding(ctx);
                    return view(binding, statuses(binding.appId()));
                })
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        UpdateBinding request = json.read(ctx, UpdateBinding.class);
        blocking.call(() -> {
                    ChannelBinding current = binding(ctx);
                    String settings = current.configJson();
                    if (request.settings() != null) {
                        JsonObject merged = keepMaskedSecrets(
                                current.type(),
                                new JsonObject(current.configJson()),
                                new JsonObject(request.settings()));
                        settings = validated(current.type(), merged).encode();
                    }
                    boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
                    ChannelBinding updated = bindings.update(current.id(), settings, enabled);
                    notifyChanged(updated.id());
                    return view(updated);
                })
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        blocking.call(() -> {
                    ChannelBinding current = binding(ctx);
                    bindings.delete(current.id());
                    notifyChanged(current.id());
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private JsonObject validated(String type, JsonObject settings) {
        if (!types.types().contains(type)) {
            throw ApiException.badRequest(
                    "type must be one of " + new TreeSet<>(types.types()) + ", got '" + type + "'");
        }
        try {
            return types.validate(type, settings);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** A secret left out, or sent back masked, keeps its stored value. */
    private JsonObject keepMaskedSecrets(String type, JsonObject stored, JsonObject incoming) {
        for (String field : types.secretFields(type)) {
            Object value = incoming.getValue(field);
            if ((value == null || MASK.equals(value)) && stored.containsKey(field)) {
                incoming.put(field, stored.getValue(field));
            }
        }
        return incoming;
    }

    private ChannelBinding binding(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        String bindingId = ctx.pathParam("bindingId");
        return bindings.find(bindingId)
                .filter(b -> b.appId().equals(appId))
                .orElseThrow(
                        () -> ApiException.notFound("app '" + appId + "' has no channel binding '" + bindingId + "'"));
    }

    /** Status of the app's bindings from its newest logged turns. */
    private Map<String, BindingStatus> statuses(String appId) {
        return BindingStatus.of(logs.list(appId, null, 0, BindingStatus.SCANNED));
    }

    private BindingView view(ChannelBinding binding) {
        return view(binding, null);
    }

    /** {@code statuses} null: no status (a binding just created or changed has no new turns to show). */
    private BindingView view(ChannelBinding binding, Map<String, BindingStatus> statuses) {
        JsonObject settings = new JsonObject(binding.configJson());
        Set<String> secretsSet = new TreeSet<>();
        for (String field : types.secretFields(binding.type())) {
            if (settings.getValue(field) != null) {
                settings.put(field, MASK);
                secretsSet.add(field);
            }
        }
        return new BindingView(
                binding.id(),
                binding.appId(),
                binding.type(),
                binding.enabled(),
                settings.getMap(),
                secretsSet,
                types.types().contains(binding.type()) ? types.callbackUrl(binding.type(), binding.id()) : null,
                binding.createdAt(),
                binding.updatedAt(),
                statuses == null ? null : statuses.getOrDefault(binding.id(), BindingStatus.NONE));
    }

    private void notifyChanged(String bindingId) {
        try {
            types.bindingChanged(bindingId);
        } catch (RuntimeException e) {
            LOG.warn("binding change listener failed for {}", bindingId, e);
        }
    }

    private void requireApp(String appId) {
        if (apps.find(appId).isEmpty()) {
            throw ApiException.notFound("app '" + appId + "' does not exist");
        }
    }
}
