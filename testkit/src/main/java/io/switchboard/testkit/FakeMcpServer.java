package io.switchboard.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A fake MCP server on loopback speaking both HTTP transports: streamable HTTP (JSON-RPC 2.0 over
 * {@code POST /mcp}, answered with {@code application/json}) and the older SSE transport
 * ({@code GET /sse} opens the event stream and names the message endpoint; answers to
 * {@code POST /messages} arrive as {@code message} events). It serves {@code initialize},
 * {@code tools/list} and {@code tools/call} for two tools — {@code echo} (returns its {@code text}) and
 * {@code fail} (returns a tool error) — and records the JSON-RPC methods it received. For SSRF tests it
 * can bind another loopback address, redirect every request elsewhere, or name a message endpoint on
 * another server; it records every request path it receives.
 */
public final class FakeMcpServer implements AutoCloseable {
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final String host;
    private volatile FakeMcpServer redirectTarget;
    private volatile String messagesEndpoint;
    private final String sessionId = UUID.randomUUID().toString();
    private Vertx vertx;
    private int port = -1;

    private FakeMcpServer(String host) {
        this.host = host;
    }

    public static FakeMcpServer start() {
        return start("127.0.0.1");
    }

    /** Listens on {@code host} (another loopback address such as 127.0.0.2 stands for a blocked target). */
    public static FakeMcpServer start(String host) {
        FakeMcpServer server = new FakeMcpServer(host);
        server.vertx = Vertx.vertx();
        try {
            server.port = server.vertx
                    .createHttpServer()
                    .requestHandler(server::handle)
                    .listen(0, host)
                    .await(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            server.vertx.close();
            throw new IllegalStateException("fake MCP server could not listen", e);
        }
        return server;
    }

    /** The endpoint URL, {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://" + host + ":" + port + "/mcp";
    }

    /** The SSE transport's stream URL, {@code http://127.0.0.1:PORT/sse}. */
    public String sseUrl() {
        return "http://" + host + ":" + port + "/sse";
    }

    /** From now on answers every request with a 307 to the same transport's URL on {@code target}. */
    public FakeMcpServer redirectingTo(FakeMcpServer target) {
        this.redirectTarget = target;
        return this;
    }

    /** From now on the SSE stream names {@code url} (absolute, on any server) as its message endpoint. */
    public FakeMcpServer namingMessagesEndpoint(String url) {
        this.messagesEndpoint = url;
        return this;
    }

    /** Paths of every request received so far, in order. */
    public List<String> requestPaths() {
        return List.copyOf(paths);
    }

    /** JSON-RPC methods received so far, in order. */
    public List<String> methods() {
        return List.copyOf(methods);
    }

    private final java.util.Map<String, io.vertx.core.http.HttpServerResponse> streams =
            new java.util.concurrent.ConcurrentHashMap<>();

    private void handle(HttpServerRequest request) {
        paths.add(request.path());
        FakeMcpServer target = redirectTarget;
        if (target != null) {
            String location = request.path().equals("/sse") ? target.sseUrl() : target.url();
            request.response()
                    .setStatusCode(307)
                    .putHeader("Location", location)
                    .end();
            return;
        }
        if (request.method() == HttpMethod.GET && request.path().equals("/sse")) {
            String session = UUID.randomUUID().toString();
            io.vertx.core.http.HttpServerResponse stream = request.response()
                    .setChunked(true)
                    .putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache");
            streams.put(session, stream);
            stream.closeHandler(v -> streams.remove(session));
            String endpoint = messagesEndpoint != null ? messagesEndpoint : "/messages";
            stream.write("event: endpoint\ndata: " + endpoint + "?sessionId=" + session + "\n\n");
            return;
        }
        if (request.method() == HttpMethod.POST && request.path().equals("/messages")) {
            io.vertx.core.http.HttpServerResponse stream = streams.get(request.getParam("sessionId", ""));
            if (stream == null) {
                request.response().setStatusCode(404).end();
                return;
            }
            request.body().onSuccess(buffer -> {
                JsonObject answer;
                try {
                    answer = answer(buffer.toJsonObject());
                } catch (DecodeException e) {
                    request.response().setStatusCode(400).end();
                    return;
                }
                request.response().setStatusCode(202).end();
                if (answer != null) {
                    stream.write("event: message\ndata: " + answer.encode() + "\n\n");
                }
            });
            return;
        }
        if (request.method() != HttpMethod.POST || !request.path().equals("/mcp")) {
            // No server-initiated stream (GET) and no session deletion: the client copes with 405.
            request.response().setStatusCode(405).end();
            return;
        }
        request.body().onSuccess(buffer -> {
            JsonObject message;
            try {
                message = buffer.toJsonObject();
            } catch (DecodeException e) {
                request.response().setStatusCode(400).end();
                return;
            }
            JsonObject response = answer(message);
            if (response == null) {
                request.response().setStatusCode(202).end(); // a notification
                return;
            }
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Mcp-Session-Id", sessionId)
                    .end(response.encode());
        });
    }

    /** The JSON-RPC answer to {@code message}, or null for a notification. */
    private JsonObject answer(JsonObject message) {
        String method = message.getString("method", "");
        methods.add(method);
        if (!message.containsKey("id")) {
            return null; // a notification
        }
        JsonObject result = switch (method) {
            case "initialize" ->
                new JsonObject()
                        .put(
                                "protocolVersion",
                                message.getJsonObject("params", new JsonObject())
                                        .getString("protocolVersion", "2025-03-26"))
                        .put("capabilities", new JsonObject().put("tools", new JsonObject()))
                        .put(
                                "serverInfo",
                                new JsonObject().put("name", "fake-mcp").put("version", "1.0"));
            case "tools/list" ->
                new JsonObject()
                        .put(
                                "tools",
                                new JsonArray()
                                        .add(tool("echo", "Echoes the text back.", "text"))
                                        .add(tool("fail", "Always fails.", "why")));
            case "tools/call" -> call(message.getJsonObject("params", new JsonObject()));
            case "ping" -> new JsonObject();
            default -> null;
        };
        JsonObject response = new JsonObject().put("jsonrpc", "2.0").put("id", message.getValue("id"));
        if (result == null) {
            response.put("error", new JsonObject().put("code", -32601).put("message", "method not found: " + method));
        } else {
            response.put("result", result);
        }
        return response;
    }

    private static JsonObject tool(String name, String description, String argument) {
        return new JsonObject()
                .put("name", name)
                .put("description", description)
                .put(
                        "inputSchema",
                        new JsonObject()
                                .put("type", "object")
                                .put(
                                        "properties",
                                        new JsonObject().put(argument, new JsonObject().put("type", "string")))
                                .put("required", new JsonArray().add(argument)));
    }

    private static JsonObject call(JsonObject params) {
        JsonObject arguments = params.getJsonObject("arguments", new JsonObject());
        boolean fails = "fail".equals(params.getString("name"));
        String text = fails ? "failed because " + arguments.getString("why", "?") : arguments.getString("text", "");
        return new JsonObject()
                .put(
                        "content",
                        new JsonArray().add(new JsonObject().put("type", "text").put("text", text)))
                .put("isError", fails);
    }

    @Override
    public void close() {
        if (vertx != null) {
            vertx.close().await();
        }
    }
}
