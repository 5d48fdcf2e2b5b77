package io.switchboard.admin;

import io.switchboard.admin.access.QuotaUsage;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code GET /apps/{id}/usage}: what the rate limits and quotas leave an app, an end user or an API key. */
final class UsageRoutes {
    private static final int MAX_PARAM_LENGTH = 255;

    record Usage(String appId, List<QuotaUsage.Meter> meters) {}

    private final QuotaUsage quotas;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    UsageRoutes(QuotaUsage quotas, VirtualThreads blocking, JsonCodec json) {
        this.quotas = quotas;
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/apps/:id/usage").handler(this::usage);
    }

    private void usage(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        String channel = param(ctx, "channel");
        String userId = param(ctx, "userId");
        String keyId = param(ctx, "keyId");
        blocking.call(() -> quotas.usage(appId, channel, userId, keyId))
                .onSuccess(meters -> Responses.json(ctx, 200, new Usage(appId, meters), json))
                .onFailure(ctx::fail);
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.codePointCount(0, value.length()) > MAX_PARAM_LENGTH) {
            throw ApiException.badRequest(name + " must be at most " + MAX_PARAM_LENGTH + " characters");
        }
        return value;
    }
}
