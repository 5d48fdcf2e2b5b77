package io.switchboard.testkit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The benchmark's baseline: a bare Vert.x route that parses an OpenAI chat request and answers a fixed
 * completion, with nothing else — no auth, no memory, no model call. What the gateway costs on top of
 * this is what Switchboard itself costs.
 *
 * <p>{@code java -cp ... io.switchboard.testkit.BareRouteServer [port] [event loops]}
 */
public final class BareRouteServer extends VerticleBase {
    private final int port;

    private BareRouteServer(int port) {
        this.port = port;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.post("/v1/chat/completions").handler(BodyHandler.create(false).setBodyLimit(512 * 1024));
        router.post("/v1/chat/completions").handler(ctx -> {
            JsonObject request = ctx.body().asJsonObject();
            JsonArray messages = request.getJsonArray("messages");
            String question = messages.getJsonObject(messages.size() - 1).getString("content");
            JsonObject answer = new JsonObject()
                    .put("id", "chatcmpl-bare")
                    .put("object", "chat.completion")
                    .put("created", System.currentTimeMillis() / 1000)
                    .put("model", request.getString("model"))
                    .put(
                            "choices",
                            new JsonArray()
                                    .add(new JsonObject()
                                            .put("index", 0)
                                            .put(
                                                    "message",
                                                    new JsonObject()
                                                            .put("role", "assistant")
                                                            .put("content", "echo: " + question))
                                            .put("finish_reason", "stop")))
                    .put(
                            "usage",
                            new JsonObject()
                                    .put("prompt_tokens", 1)
                                    .put("completion_tokens", 1)
                                    .put("total_tokens", 2));
            ctx.response().putHeader("content-type", "application/json").end(answer.encode());
        });
        return vertx.createHttpServer().requestHandler(router).listen(port);
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        int instances = args.length > 1
                ? Integer.parseInt(args[1])
                : Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new BareRouteServer(port), new DeploymentOptions().setInstances(instances))
                .await();
        System.out.println("bare Vert.x route listening on " + port);
    }
}
