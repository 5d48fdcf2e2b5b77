package io.switchboard.gateway.model;

import dev.langchain4j.http.client.HttpClientBuilder;
import io.switchboard.runtime.model.DashScopeProtocolTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;

/** The DashScope native protocol over the gateway's Vert.x transport, which production uses: SSE framing included. */
class VertxDashScopeProtocolTest extends DashScopeProtocolTest {
    private static final Vertx VERTX = Vertx.vertx();
    private static final HttpClientAgent CLIENT = VertxModelHttpClient.sharedClient(VERTX);

    @Override
    protected Supplier<HttpClientBuilder> httpClients() {
        return () -> VertxModelHttpClient.builder(VERTX, CLIENT);
    }

    @AfterAll
    static void closeVertx() {
        VERTX.close().await();
    }
}
