package io.switchboard.channels.api;

import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.StaticApiKeyVerifier;
import io.switchboard.channels.testing.StaticAppDirectory;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;

/** The API channel on a real server, with two keys for app {@code demo} and one for {@code other}. */
final class ApiTestFixture implements AutoCloseable {
    static final String KEY = "sk-sb-demo-key-1";
    static final String SECOND_KEY = "sk-sb-demo-key-2";
    static final String OTHER_APP_KEY = "sk-sb-other-key";
    static final String UNPUBLISHED_APP_KEY = "sk-sb-draft-key";
    /** The one browser origin {@link #KEY} allows. */
    static final String CORS_ORIGIN = "https://app.example";

    final Vertx vertx = Vertx.vertx();
    final ScriptedTurnHandler turns;
    final ChannelTestServer server;

    ApiTestFixture() {
        var apps = new StaticAppDirectory(
                new AppProfile("demo", "Demo", "Hi", null, false, false),
                new AppProfile("other", "Other", "Hi", null, false, false));
        turns = new ScriptedTurnHandler(vertx, apps, text -> "Echo: " + text + ". Have a nice day!");
        var keys = new StaticApiKeyVerifier(Map.of(
                KEY, new ApiCaller("key-1", "demo", Set.of(CORS_ORIGIN)),
                SECOND_KEY, new ApiCaller("key-2", "demo", Set.of()),
                OTHER_APP_KEY, new ApiCaller("key-3", "other", Set.of()),
                UNPUBLISHED_APP_KEY, new ApiCaller("key-4", "draft-only", Set.of())));
        server = ChannelTestServer.start(
                OpenAiApiChannel.create(), new ChannelContext(vertx, turns, apps, keys, null, null, null));
    }

    String baseUrl() {
        return server.baseUrl() + "/v1";
    }

    @Override
    public void close() {
        server.close();
        ChannelTestServer.await(vertx.close());
    }
}
