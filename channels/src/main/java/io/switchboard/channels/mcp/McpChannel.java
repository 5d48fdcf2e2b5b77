package io.switchboard.channels.mcp;

import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.AppWorkflows;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.InvalidTurnException;
import io.switchboard.channels.spi.TurnReply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Each published app as an MCP server at {@code /mcp/{app}} (streamable HTTP, stateless: no session,
 * every response is one JSON body; no server-initiated stream, so GET is 405). Authenticated with the
 * app's developer-API key ({@code Authorization: Bearer sb-...}). It offers one tool, {@value #TOOL},
 * that asks the app a question ({@code question}, optional {@code conversation_id} to continue a
 * conversation, scoped by key like the developer API's), and one per published workflow the app offers
 * ({@code skills.workflows}), whose arguments are the workflow's declared inputs and whose result is its
 * end node's outputs as JSON.
 */
public final class McpChannel implements ChannelAdapter {
    /** The channel type in {@link InboundMessage#channel()}. */
    public static final String TYPE = "mcp";

    static final String TOOL = "ask";
    static final int BODY_LIMIT_BYTES = 256 * 1024;
    static final String LATEST_VERSION = "2025-06-18";
    private static final Set<String> VERSIONS = Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
    private static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_QUESTION_CHARS = 32_000;

    private final Clock clock;
    private final AppWorkflows workflows;

    private McpChannel(Clock clock, AppWorkflows workflows) {
        this.clock = clock;
        this.workflows = workflows;
    }

    /** Apps with the {@value #TOOL} tool only. */
    public static McpChannel create() {
        return new McpChannel(Clock.systemUTC(), null);
    }

    /** Apps with the {@value #TOOL} tool and a tool per published workflow they offer (declared inputs). */
    public static McpChannel create(AppWorkflows workflows) {
        return new McpChannel(Clock.systemUTC(), workflows);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void mount(Router router, ChannelContext context) {
        router.post("/mcp/:app")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
                .handler(rc -> authenticate(rc, context)
                        .onSuccess(caller -> handle(rc, context, caller))
                        .onFailure(failure -> httpError(rc, failure)));
        router.get("/mcp/:app")
                .handler(rc -> rc.response()
                        .setStatusCode(405)
                        .putHeader(HttpHeaders.ALLOW, "POST")
                        .end());
    }

    /** The key must belong to the app the path names. */
    private static Future<ApiCaller> authenticate(RoutingContext rc, ChannelContext context) {
        String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.substring(7).isBlank()) {
            return Future.failedFuture(
                    new HttpException(401, "send the app's API key as 'Authorization: Bearer <key>'"));
        }
        return context.apiKeys()
                .verify(header.substring(7).strip())
                .compose(caller -> caller.appId().equals(rc.pathParam("app"))
                        ? Future.succeededFuture(caller)
                        : Future.failedFuture(new HttpException(404, "this key serves no MCP server at this path")));
    }

    private void handle(RoutingContext rc, ChannelContext context, ApiCaller caller) {
        Object message;
        try {
            message = Json.decodeValue(rc.body().buffer());
        } catch (DecodeException | NullPointerException e) {
            json(rc, error(null, -32700, "Parse error: the body is not JSON"));
            return;
        }
        if (!(message instanceof JsonObject request)) {
            json(rc, error(null, -32600, "Invalid Request: send one JSON-RPC message per POST"));
            return;
        }
        Object id = request.getValue("id");
        Object method = request.getValue("method");
        if (!(method instanceof String name)) {
            // A response or a malformed message: nothing to answer.
            rc.response().setStatusCode(id == null ? 202 : 400).end();
            return;
        }
        if (id == null) {
            rc.response().setStatusCode(202).end(); // notifications (initialized, cancelled, ...)
            return;
        }
        JsonObject params = request.getValue("params") instanceof JsonObject p ? p : new JsonObject();
        switch (name) {
            case "initialize" -> initialize(rc, context, caller, id, params);
            case "ping" -> json(rc, result(id, new JsonObject()));
            case "tools/list" -> list(rc, context, caller, id);
            case "tools/call" -> call(rc, context, caller, id, params);
            default -> json(rc, error(id, -32601, "Method not found: " + name));
        }
    }

    private void initialize(RoutingContext rc, ChannelContext context, ApiCaller caller, Object id, JsonObject params) {
        String asked = params.getValue("protocolVersion") instanceof String v ? v : LATEST_VERSION;
        profile(context, caller)
                .onSuccess(profile -> json(
                        rc,
                        result(
                                id,
                                new JsonObject()
                                        .put("protocolVersion", VERSIONS.contains(asked) ? asked : LATEST_VERSION)
                                        .put(
                                                "capabilities",
                                                new JsonObject()
                                                        .put("tools", new JsonObject().put("listChanged", false)))
                                        .put(
                                                "serverInfo",
                                                new JsonObject()
                                                        .put("name", profile.appId())
                                                        .put("title", profile.name())
                                                        .put("version", "1"))
                                        .put("instructions", "Call '" + TOOL + "' to ask " + profile.name() + "."))))
                .onFailure(failure -> httpError(rc, failure));
    }

    private static JsonObject tool(AppProfile profile) {
        JsonObject properties = new JsonObject()
                .put("question", new JsonObject().put("type", "string").put("description", "What to ask"))
                .put(
                        "conversation_id",
                        new JsonObject()
                                .put("type", "string")
                                .put("pattern", "^[A-Za-z0-9_-]{1,64}$")
                                .put(
                                        "description",
                                        "Continue this conversation (the app remembers it); omit for a new one"));
        String description = "Ask " + profile.name() + " a question; it answers with its prompt, knowledge and tools."
                + (profile.openingStatement().isBlank() ? "" : " " + profile.openingStatement());
        return new JsonObject()
                .put("name", TOOL)
                .put("title", "Ask " + profile.name())
                .put("description", description)
                .put(
                        "inputSchema",
                        new JsonObject()
                                .put("type", "object")
                                .put("properties", properties)
                                .put("required", new JsonArray().add("question"))
                                .put("additionalProperties", false));
    }

    private void list(RoutingContext rc, ChannelContext context, ApiCaller caller, Object id) {
        Future<List<AppWorkflows.WorkflowTool>> flows =
                workflows == null ? Future.succeededFuture(List.of()) : workflows.list(caller.appId());
        profile(context, caller)
                .compose(profile -> flows.map(list -> {
                    JsonArray tools = new JsonArray().add(tool(profile));
                    for (AppWorkflows.WorkflowTool flow : list) {
                        if (!flow.name().equals(TOOL)) {
                            tools.add(new JsonObject()
                                    .put("name", flow.name())
                                    .put("description", flow.description())
                                    .put("inputSchema", new JsonObject(flow.inputSchemaJson())));
                        }
                    }
                    return tools;
                }))
                .onSuccess(tools -> json(rc, result(id, new JsonObject().put("tools", tools))))
                .onFailure(failure -> httpError(rc, failure));
    }

    private void call(RoutingContext rc, ChannelContext context, ApiCaller caller, Object id, JsonObject params) {
        JsonObject arguments = params.getValue("arguments") instanceof JsonObject a ? a : new JsonObject();
        if (!(params.getValue("name") instanceof String name)) {
            json(rc, error(id, -32602, "Invalid params: 'name' must name a tool"));
            return;
        }
        if (!TOOL.equals(name)) {
            if (workflows == null) {
                json(rc, error(id, -32602, "Unknown tool: " + name));
                return;
            }
            workflows
                    .run(caller.appId(), name, arguments.encode())
                    .onSuccess(run -> json(
                            rc,
                            result(
                                    id,
                                    new JsonObject()
                                            .put(
                                                    "content",
                                                    new JsonArray()
                                                            .add(new JsonObject()
                                                                    .put("type", "text")
                                                                    .put("text", run.text())))
                                            .put("isError", run.failed()))))
                    .onFailure(failure -> {
                        if (failure instanceof InvalidTurnException invalid) {
                            json(rc, error(id, -32602, invalid.getMessage()));
                        } else {
                            httpError(rc, failure);
                        }
                    });
            return;
        }
        String question = arguments.getValue("question") instanceof String q ? clean(q).strip() : "";
        if (question.isEmpty() || question.length() > MAX_QUESTION_CHARS) {
            json(
                    rc,
                    error(
                            id,
                            -32602,
                            "Invalid params: 'question' must hold 1 to " + MAX_QUESTION_CHARS + " characters"));
            return;
        }
        Object conversation = arguments.getValue("conversation_id");
        if (conversation != null
                && !(conversation instanceof String c
                        && CONVERSATION_ID.matcher(c).matches())) {
            json(rc, error(id, -32602, "Invalid params: 'conversation_id' must be 1 to 64 of A-Z, a-z, 0-9, _ or -"));
            return;
        }
        String conversationId = conversation != null ? (String) conversation : "mcp-" + UUID.randomUUID();
        var message = new InboundMessage(
                TYPE,
                caller.appId(),
                caller.keyId() + ":" + conversationId,
                caller.keyId(),
                UUID.randomUUID().toString(),
                question,
                Map.of(),
                false,
                clock.instant(),
                List.of());
        context.turns()
                .handle(message, null)
                .onSuccess(reply -> json(rc, result(id, toolResult(reply))))
                .onFailure(failure -> httpError(rc, failure));
    }

    private static JsonObject toolResult(TurnReply reply) {
        JsonArray content =
                new JsonArray().add(new JsonObject().put("type", "text").put("text", reply.text()));
        for (TurnReply.Source source : reply.sources()) {
            content.add(new JsonObject()
                    .put("type", "text")
                    .put("text", "Source: " + source.name() + "\n" + source.passage()));
        }
        return new JsonObject().put("content", content).put("isError", reply.failed());
    }

    private static Future<AppProfile> profile(ChannelContext context, ApiCaller caller) {
        return context.apps().profile(caller.appId());
    }

    /** Control characters other than tab and line breaks go. */
    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars()
                .filter(c -> Character.getType(c) != Character.CONTROL || c == '\t' || c == '\n' || c == '\r')
                .forEach(c -> out.append((char) c));
        return out.toString();
    }

    private static JsonObject result(Object id, JsonObject result) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
    }

    private static JsonObject error(Object id, int code, String message) {
        return new JsonObject()
                .put("jsonrpc", "2.0")
                .put("id", id)
                .put("error", new JsonObject().put("code", code).put("message", message));
    }

    private static void json(RoutingContext rc, JsonObject body) {
        if (!rc.response().closed()) {
            rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(body.encode());
        }
    }

    /** Authentication and unknown apps are HTTP errors, as the transport specifies. */
    private static void httpError(RoutingContext rc, Throwable failure) {
        int status = failure instanceof HttpException http ? http.getStatusCode() : 500;
        String message = failure instanceof HttpException http && http.getPayload() != null
                ? http.getPayload()
                : "request failed";
        if (rc.response().closed() || rc.response().headWritten()) {
            return;
        }
        if (status == 401) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
        }
        rc.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
