package io.switchboard.admin;

import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnLogStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recorded turns of an app, newest first, optionally of one conversation or one channel. Turns reach the
 * log through each node's batching writer, a moment after their answer (see openapi.yaml).
 */
final class LogRoutes {
    private static final int MAX_CONVERSATION_ID_LENGTH = 200;

    record LogPage(long total, int offset, int limit, List<TurnLog> items) {}

    private final AppStore apps;
    private final ChannelTypes channels;
    private final TurnLogStore logs;
    private final Blocking blocking;
    private final JsonCodec json;

    LogRoutes(AdminBackend backend, Blocking blocking, JsonCodec json) {
        this.apps = backend.apps();
        this.channels = backend.channelTypes();
        this.logs = backend.turnLogs();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/apps/:id/logs").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        Paging paging = Paging.from(ctx, "conversationId", "channel");
        String channel = channel(ctx);
        String conversationId = ctx.queryParams().get("conversationId");
        if (conversationId != null && conversationId.isBlank()) {
            conversationId = null;
        }
        if (conversationId != null && conversationId.length() > MAX_CONVERSATION_ID_LENGTH) {
            throw ApiException.badRequest(
                    "conversationId must be at most " + MAX_CONVERSATION_ID_LENGTH + " characters");
        }
        String conversation = conversationId;
        blocking.call(() -> {
                    if (apps.find(appId).isEmpty()) {
                        throw ApiException.notFound("app '" + appId + "' does not exist");
                    }
                    long total = logs.count(appId, conversation, channel);
                    List<TurnLog> items = logs.list(appId, conversation, channel, paging.offset(), paging.limit());
                    return new LogPage(total, paging.offset(), paging.limit(), items);
                })
                .onSuccess(page -> Responses.json(ctx, 200, page, json))
                .onFailure(ctx::fail);
    }

    /** The {@code channel} filter, which must name a channel turns are logged under; null when absent. */
    private String channel(RoutingContext ctx) {
        String channel = ctx.queryParams().get("channel");
        if (channel == null || channel.isBlank()) {
            return null;
        }
        Set<String> known = new TreeSet<>(channels.logChannels());
        known.add(DebugChatRoutes.CHANNEL);
        if (!known.contains(channel)) {
            throw ApiException.badRequest(
                    "channel '" + channel + "' is not a known channel (known: " + String.join(", ", known) + ")");
        }
        return channel;
    }
}
