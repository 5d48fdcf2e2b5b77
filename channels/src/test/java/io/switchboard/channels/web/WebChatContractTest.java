package io.switchboard.channels.web;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.testing.ChannelContractTest;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.StaticApiKeyVerifier;
import io.switchboard.channels.testing.StaticAppDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The channel contract for the web chat. It has no verification of its own (the page is public), so
 * "unauthenticated" is a message to an app that is not published — refused with 404; see
 * {@link #sendUnauthenticated}.
 */
class WebChatContractTest extends ChannelContractTest {
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
        server = ChannelTestServer.start(
                WebChatChannel.create(),
                new ChannelContext(vertx, turns, apps, new StaticApiKeyVerifier(Map.of()), null, null, null));
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
        return WebChatChannel.TYPE;
    }

    @Override
    protected String appId() {
        return "demo";
    }

    private int post(String app, String body, String user) {
        var response = ChannelTestServer.await(http.post(server.port(), "127.0.0.1", "/chat/" + app + "/messages")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
        if (response.statusCode() == 200) {
            for (String block : response.bodyAsString().split("\n\n")) {
                if (block.startsWith("event: done")) {
                    String data = block.substring(block.indexOf("data: ") + 6);
                    answers.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>())
                            .add(new JsonObject(data).getString("text"));
                }
            }
        }
        return response.statusCode();
    }

    @Override
    protected int send(String user, String text) {
        return post(
                "demo", new JsonObject().put("userId", user).put("text", text).encode(), user);
    }

    /** The web chat is public: the nearest refusal is a message to an app that is not published (404). */
    @Override
    protected int sendUnauthenticated(String user, String text) {
        int status = post(
                "unpublished",
                new JsonObject().put("userId", user).put("text", text).encode(),
                user);
        return status == 404 ? 403 : status;
    }

    @Override
    protected int sendMalformed(String user) {
        return post("demo", "{\"userId\":\"" + user + "\",\"text\":", user);
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
