package io.switchboard.admin;

import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.model.ProviderLimits;
import io.switchboard.runtime.model.ProviderOptions;
import io.switchboard.runtime.model.ProviderStore;
import io.switchboard.runtime.security.Secret;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;

/** Model providers. Their API keys go in, never out: replies say only whether a key is set. */
final class ProviderRoutes {
    private static final int HINT_MIN_KEY_LENGTH = 16;
    private static final long MAX_TIMEOUT_MS = Duration.ofMinutes(10).toMillis();

    /**
     * Create or replace body. On replace, a missing or null {@code apiKey} keeps the stored key and an
     * empty string removes it; a missing or null {@code extraApiKeys} keeps the stored extra keys and an
     * empty list removes them; a missing {@code limits} resets them to the defaults.
     */
    record ProviderRequest(
            String id,
            String name,
            ProviderKind kind,
            String baseUrl,
            String apiKey,
            Long timeoutMs,
            Integer maxRetries,
            List<String> extraApiKeys,
            LimitsRequest limits,
            ProviderOptions options) {
        ProviderRequest {
            if (extraApiKeys != null) {
                for (int i = 0; i < extraApiKeys.size(); i++) {
                    String key = extraApiKeys.get(i);
                    if (key == null || key.isBlank()) {
                        throw new IllegalArgumentException("extraApiKeys[" + i + "] must not be blank");
                    }
                    if (key.codePointCount(0, key.length()) > 4096) {
                        throw new IllegalArgumentException("extraApiKeys[" + i + "] must be at most 4096 characters");
                    }
                    requireHeaderSafe("extraApiKeys[" + i + "]", key);
                }
            }
            if (timeoutMs != null && (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)) {
                throw new IllegalArgumentException("timeoutMs must be between 1 and " + MAX_TIMEOUT_MS);
            }
            if (apiKey != null && apiKey.codePointCount(0, apiKey.length()) > 4096) {
                throw new IllegalArgumentException("apiKey must be at most 4096 characters");
            }
            if (apiKey != null) {
                requireHeaderSafe("apiKey", apiKey);
            }
            if (name != null && name.codePointCount(0, name.length()) > 100) {
                throw new IllegalArgumentException("name must be at most 100 characters");
            }
        }

        /**
         * A key travels in a request header (authorization, x-api-key, api-key, x-goog-api-key): visible
         * ASCII only, as the document's pattern says. A space, control character or non-ASCII letter would
         * make every call and the model listing fail later with "invalid header value"; refused here instead.
         */
        private static void requireHeaderSafe(String field, String key) {
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c < '!' || c > '~') {
                    throw new IllegalArgumentException(
                            field + " must be visible ASCII characters without spaces (it is sent in a header)");
                }
            }
        }

        ProviderConfig toConfig(String providerId, Secret key, List<Secret> extraKeys) {
            return new ProviderConfig(
                    providerId,
                    name,
                    kind,
                    baseUrl,
                    key,
                    timeoutMs == null ? null : Duration.ofMillis(timeoutMs),
                    maxRetries == null ? ProviderConfig.DEFAULT_MAX_RETRIES : maxRetries,
                    extraKeys,
                    limits == null ? null : limits.toLimits(),
                    options);
        }

        /** The extra keys the body names, or null when it names none (keep the stored ones). */
        List<Secret> extraKeys() {
            return extraApiKeys == null
                    ? null
                    : extraApiKeys.stream().map(Secret::of).toList();
        }
    }

    /** Circuit breaker, concurrency limit and key cool-down; a missing field takes its default. */
    record LimitsRequest(
            Integer failureRateThreshold,
            Integer slidingWindowSize,
            Integer minimumCalls,
            Long openDurationMs,
            Integer maxConcurrentCalls,
            Long maxWaitMs,
            Long keyCoolDownMs) {
        ProviderLimits toLimits() {
            ProviderLimits d = ProviderLimits.DEFAULT;
            return new ProviderLimits(
                    failureRateThreshold == null ? d.failureRateThreshold() : failureRateThreshold,
                    slidingWindowSize == null ? d.slidingWindowSize() : slidingWindowSize,
                    minimumCalls == null ? Math.min(d.minimumCalls(), window()) : minimumCalls,
                    openDurationMs == null ? d.openDuration() : Duration.ofMillis(openDurationMs),
                    maxConcurrentCalls == null ? d.maxConcurrentCalls() : maxConcurrentCalls,
                    maxWaitMs == null ? d.maxWait() : Duration.ofMillis(maxWaitMs),
                    keyCoolDownMs == null ? d.keyCoolDown() : Duration.ofMillis(keyCoolDownMs));
        }

        private int window() {
            return slidingWindowSize == null ? ProviderLimits.DEFAULT.slidingWindowSize() : slidingWindowSize;
        }
    }

    /** The limits as the API shows them (durations in milliseconds). */
    record LimitsView(
            int failureRateThreshold,
            int slidingWindowSize,
            int minimumCalls,
            long openDurationMs,
            int maxConcurrentCalls,
            long maxWaitMs,
            long keyCoolDownMs) {
        static LimitsView of(ProviderLimits limits) {
            return new LimitsView(
                    limits.failureRateThreshold(),
                    limits.slidingWindowSize(),
                    limits.minimumCalls(),
                    limits.openDuration().toMillis(),
                    limits.maxConcurrentCalls(),
                    limits.maxWait().toMillis(),
                    limits.keyCoolDown().toMillis());
        }
    }

    record ProviderView(
            String id,
            String name,
            ProviderKind kind,
            String baseUrl,
            boolean apiKeySet,
            String apiKeyHint,
            long timeoutMs,
            int maxRetries,
            List<String> extraApiKeyHints,
            LimitsView limits,
            ProviderOptions options) {
        static ProviderView of(ProviderConfig provider) {
            return new ProviderView(
                    provider.id(),
                    provider.name(),
                    provider.kind(),
                    provider.baseUrl(),
                    provider.apiKey() != null,
                    hint(provider.apiKey()),
                    provider.timeout().toMillis(),
                    provider.maxRetries(),
                    provider.extraKeys().stream()
                            .map(key -> {
                                String hint = hint(key);
                                return hint == null ? "…" : hint;
                            })
                            .toList(),
                    LimitsView.of(provider.limits()),
                    provider.options());
        }

        /** Only long keys get a hint: four characters of a short key would give too much away. */
        private static String hint(Secret secret) {
            String key = secret == null ? null : secret.reveal();
            return key != null && key.length() >= HINT_MIN_KEY_LENGTH ? "…" + key.substring(key.length() - 4) : null;
        }
    }

    record ProviderList(List<ProviderView> items) {}

    record ModelList(List<String> items) {}

    private final ProviderStore providers;
    private final ProviderModels models = new ProviderModels();
    private final ChangeNotifier changes;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    ProviderRoutes(ProviderStore providers, ChangeNotifier changes, VirtualThreads blocking, JsonCodec json) {
        this.providers = providers;
        this.changes = changes;
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/providers").handler(this::list);
        router.post("/providers").handler(this::create);
        router.get("/providers/:id").handler(this::get);
        router.get("/providers/:id/models").handler(this::models);
        router.put("/providers/:id").handler(this::replace);
        router.delete("/providers/:id").handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        Responses.allowQuery(ctx);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> scope.filter(ResourceKind.PROVIDER, providers.list(), ProviderConfig::id).stream()
                        .map(ProviderView::of)
                        .toList())
                .onSuccess(items -> Responses.json(ctx, 200, new ProviderList(items), json))
                .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        ProviderRequest request = json.read(ctx, ProviderRequest.class);
        // Validated here, on the event loop, so nothing is stored when the body is wrong.
        List<Secret> extraKeys = request.extraKeys();
        ProviderConfig provider = request.toConfig(request.id(), Secret.ofNullable(request.apiKey()), extraKeys);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    ProviderConfig created = providers.create(provider);
                    scope.claim(ResourceKind.PROVIDER, created.id());
                    changes.providerChanged(created.id());
                    return ProviderView.of(created);
                })
                .onSuccess(view -> Responses.json(ctx, 201, view, json))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking.call(() -> ProviderView.of(find(id)))
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void models(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking.call(() -> new ModelList(models.list(find(id))))
                .onSuccess(list -> Responses.json(ctx, 200, list, json))
                .onFailure(ctx::fail);
    }

    private void replace(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ProviderRequest request = json.read(ctx, ProviderRequest.class);
        if (request.id() != null && !request.id().equals(id)) {
            throw ApiException.badRequest("id in the body ('" + request.id() + "') differs from the path ('" + id
                    + "'); a provider cannot be renamed");
        }
        List<Secret> extraKeys = request.extraKeys();
        // Validates before the store is touched (keys are checked once the stored ones are known).
        request.toConfig(id, Secret.of("validation-only"), List.of());
        blocking.call(() -> {
                    ProviderConfig existing = find(id);
                    Secret key = request.apiKey() == null ? existing.apiKey() : Secret.ofNullable(request.apiKey());
                    List<Secret> extra = extraKeys == null ? existing.extraKeys() : extraKeys;
                    ProviderConfig updated = providers.update(request.toConfig(id, key, extra));
                    changes.providerChanged(id);
                    return ProviderView.of(updated);
                })
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking.call(() -> {
                    if (!providers.delete(id)) {
                        throw ApiException.notFound("provider '" + id + "' does not exist");
                    }
                    changes.providerChanged(id);
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private ProviderConfig find(String id) {
        return providers.find(id).orElseThrow(() -> ApiException.notFound("provider '" + id + "' does not exist"));
    }
}
