package io.switchboard.channels.web;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.StaticApiKeyVerifier;
import io.switchboard.channels.testing.StaticAppDirectory;
import io.switchboard.channels.testing.StaticBoundAccounts;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/** The web chat on a real server with app {@code demo} and an app whose name is markup. */
final class WebTestFixture implements AutoCloseable {
    static final String OPENING = "Hello! I answer questions about your orders.\nAsk me anything.";
    static final List<String> SUGGESTIONS = List.of("Where is my order?", "How do I return an item?");
    static final String MARKUP_NAME = "<script>alert('x')</script> & Co";
    static final String LONG_NAME = "Customer Service Assistant for Orders";

    /** Asked this, the model answers with Markdown of every kind, and markup that must not run. */
    static final String MARKDOWN_QUESTION = "Show me some Markdown";

    static final String MARKDOWN_ANSWER = """
            ## Your order

            1. Packed
            2. **Shipped** with `DHL`

            - see [the tracking page](https://example.com/track?id=1)
            - or [this](javascript:alert(1))

            | Step | When |
            |------|------|
            | Paid | Monday |

            > Thanks for waiting.

            <img src="x" onerror="window.pwned = 1"><script>window.pwned = 2</script>            <a href="https://example.org" onclick="window.pwned = 3">raw link</a>

            ```java
            System.out.println("hi");
            ```
            """;

    private static final Map<String, String> CANNED = Map.of(MARKDOWN_QUESTION, MARKDOWN_ANSWER);

    final Vertx vertx = Vertx.vertx();
    final ScriptedTurnHandler turns;
    final ChannelTestServer server;
    final WebChatChannel channel = WebChatChannel.create();
    final StaticBoundAccounts accounts = new StaticBoundAccounts();

    WebTestFixture() {
        var apps = new StaticAppDirectory(
                new AppProfile("demo", "Order Helper", OPENING, SUGGESTIONS, false, false),
                new AppProfile("markup", MARKUP_NAME, null, null, false, false),
                new AppProfile("long", LONG_NAME, null, null, false, false),
                new AppProfile("trip", "Trip Planner", "Where to?", List.of(), false, false, tripVariables()));
        turns = new ScriptedTurnHandler(
                vertx,
                apps,
                text -> CANNED.getOrDefault(
                        text, "You asked: " + text + "\nHere is **the answer**:\n```\nstep 1\nstep 2\n```\nBye."));
        server = ChannelTestServer.start(
                channel,
                new ChannelContext(vertx, turns, apps, new StaticApiKeyVerifier(Map.of()), accounts, null, null));
    }

    /** The trip app's input variables, in its order: a city to fill in, days with a default. */
    static Map<String, String> tripVariables() {
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        variables.put("city", "");
        variables.put("days", "3");
        return variables;
    }

    @Override
    public void close() {
        server.close();
        ChannelTestServer.await(vertx.close());
    }
}
