package io.switchboard.channels.api;

import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.testing.ChannelContractTest;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.StaticApiKeyVerifier;
import io.switchboard.channels.testing.StaticAppDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The channel contract for the OpenAI-compatible API (non-streaming completions). */
class ApiContractTest extends ChannelContractTest {
    private static final String KEY = "sk-sb-contract";

    private Vertx vertx;
    private ScriptedTurnHandler turns;
    private ChannelTestServer server;
    private WebClient http;
    private final Map<String, List<String>> answers = new ConcurrentHashMap<>();

    @Override
    protected void startChannel() {
        vertx = Vertx.vertx();
        var apps = new StaticAppDirectory(new AppProfile("demo", "Demo", "Hi", null, false, false));
        turns = new ScriptedTurnHandler(vertx, apps, ChannelContractTest::answerTo);
        var keys = new StaticApiKeyVerifier(Map.of(KEY, new ApiCaller("key-1", "demo", java.util.Set.of())));
        server = ChannelTestServer.start(
                OpenAiApiChannel.create(), new ChannelContext(vertx, turns, apps, keys, null, null, null));
        http = WebClient.create(vertx);
    }

    @Override
    protected void stopChannel() {
        http.close();
        server.close();
        ChannelTestServer.await(vertx.close());
    }

    @Override
    protected ScriptedTurnHandler turns() {
        return turns;
    }

    @Override
    protected String channelType() {
        return OpenAiApiChannel.TYPE;
    }

    @Override
    protected String appId() {
        return "demo";
    }

    private int post(String key, String body, String user) {
        var response = ChannelTestServer.await(http.post(server.port(), "127.0.0.1", "/v1/chat/completions")
                .putHeader("Authorization", "Bearer " + key)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
        if (response.statusCode() == 200) {
            answers.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>())
                    .add(response.bodyAsJsonObject()
                            .getJsonArray("choices")
                            .getJsonObject(0)
                            .getJsonObject("message")
                            .getString("content"));
        }
        return response.statusCode();
    }

    private static String completion(String user, String text) {
        return new JsonObject()
                .put("model", "demo")
                .put("user", user)
                .put(
                        "messages",
                        new JsonArray().add(new JsonObject().put("role", "user").put("content", text)))
                .encode();
    }

    @Override
    protected int send(String user, String text) {
        return post(KEY, completion(user, text), user);
    }

    @Override
    protected int sendUnauthenticated(String user, String text) {
        return post("sk-sb-wrong", completion(user, text), user);
    }

    @Override
    protected int sendMalformed(String user) {
        return post(KEY, "{\"model\":\"demo\",\"user\":\"" + user + "\",\"messages\":[", user);
    }

    @Override
    protected Integer sendTwice(String user, String text) {
        return null;
    }

    @Override
    protected List<String> answersSeenBy(String user) {
        return answers.getOrDefault(user, List.of());
    }
}
