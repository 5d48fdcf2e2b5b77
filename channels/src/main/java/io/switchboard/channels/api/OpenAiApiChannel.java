package io.switchboard.channels.api;

import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.JsonContentType;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.time.Clock;

/**
 * The developer API: an OpenAI-compatible {@code POST /v1/chat/completions} (plain and streamed),
 * {@code POST /v1/embeddings} and {@code GET /v1/models}, authenticated with {@code Authorization: Bearer <key>}. Each key serves one
 * app, whose id is the model name. Conversations continue through {@code conversation_id} (body) or
 * {@code X-Conversation-Id} (header); the id is returned in both places. Errors have OpenAI's shape.
 */
public final class OpenAiApiChannel implements ChannelAdapter {
    /** The channel type in {@link io.switchboard.channels.spi.InboundMessage#channel()}. */
    public static final String TYPE = "api";

    /** Largest accepted request: OpenAI clients usually resend the whole history with each turn. */
    public static final int DEFAULT_BODY_LIMIT_BYTES = 512 * 1024;

    private final Clock clock;

    private OpenAiApiChannel(Clock clock) {
        this.clock = clock;
    }

    /** The channel with the system clock for {@code created} timestamps. */
    public static OpenAiApiChannel create() {
        return new OpenAiApiChannel(Clock.systemUTC());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void mount(Router router, ChannelContext context) {
        var errors = new OpenAiErrorHandler(DEFAULT_BODY_LIMIT_BYTES);
        var auth = new BearerAuth(context.apiKeys());
        long mountedAt = clock.instant().getEpochSecond();
        var cors = new ApiCors(context.apiKeys());
        router.options("/v1/*").handler(cors::preflight).failureHandler(errors);
        // A route of its own: Vert.x wants a BodyHandler ahead of every user handler on one route.
        router.post("/v1/chat/completions")
                .handler(auth::requireToken)
                .handler(JsonContentType::require)
                .failureHandler(errors);
        router.post("/v1/chat/completions")
                .handler(BodyHandler.create(false).setBodyLimit(DEFAULT_BODY_LIMIT_BYTES))
                .handler(auth::verify)
                .handler(new CompletionsHandler(context.turns(), clock))
                .failureHandler(errors);
        router.post("/v1/embeddings")
                .handler(auth::requireToken)
                .handler(JsonContentType::require)
                .failureHandler(errors);
        router.post("/v1/embeddings")
                .handler(BodyHandler.create(false).setBodyLimit(DEFAULT_BODY_LIMIT_BYTES))
                .handler(auth::verify)
                .handler(new EmbeddingsHandler(context.embeddings()))
                .failureHandler(errors);
        router.post("/v1/chat/completions/:id/feedback")
                .handler(auth::requireToken)
                .handler(JsonContentType::require)
                .failureHandler(errors);
        router.post("/v1/chat/completions/:id/feedback")
                .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
                .handler(auth::verify)
                .handler(new FeedbackHandler(context.turns()))
                .failureHandler(errors);
        router.get("/v1/models")
                .handler(auth::verify)
                .handler(rc -> publishedModel(rc, context, mountedAt)
                        .onSuccess(model -> json(
                                rc,
                                new JsonObject()
                                        .put("object", "list")
                                        .put("data", model == null ? new JsonArray() : new JsonArray().add(model))))
                        .onFailure(rc::fail))
                .failureHandler(errors);
        router.get("/v1/models/:model")
                .handler(auth::verify)
                .handler(rc -> publishedModel(rc, context, mountedAt)
                        .onSuccess(model -> {
                            if (model == null || !model.getString("id").equals(rc.pathParam("model"))) {
                                rc.fail(ApiError.modelNotFound(rc.pathParam("model")));
                            } else {
                                json(rc, model);
                            }
                        })
                        .onFailure(rc::fail))
                .failureHandler(errors);
    }

    /** The caller's app as an OpenAI model, or null while the app is not published. */
    private static Future<JsonObject> publishedModel(RoutingContext rc, ChannelContext context, long created) {
        String appId = BearerAuth.caller(rc).appId();
        return context.apps()
                .profile(appId)
                .map(profile -> new JsonObject()
                        .put("id", appId)
                        .put("object", "model")
                        .put("created", created)
                        .put("owned_by", "switchboard"))
                .recover(failure -> failure instanceof HttpException http && http.getStatusCode() == 404
                        ? Future.succeededFuture()
                        : Future.failedFuture(failure));
    }

    private static void json(RoutingContext rc, JsonObject body) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }
}
