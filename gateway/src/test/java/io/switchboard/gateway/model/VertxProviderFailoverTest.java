package io.switchboard.gateway.model;

import dev.langchain4j.http.client.HttpClientBuilder;
import io.switchboard.runtime.model.ProviderFailoverContract;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;

/** Failover over the gateway's Vert.x transport, which reports a 429's {@code Retry-After}. */
class VertxProviderFailoverTest extends ProviderFailoverContract {
    private static final Vertx VERTX = Vertx.vertx();
    private static final HttpClientAgent CLIENT = VertxModelHttpClient.sharedClient(VERTX);

    @Override
    protected Supplier<HttpClientBuilder> httpClients() {
        return () -> VertxModelHttpClient.builder(VERTX, CLIENT);
    }

    @Override
    protected boolean reportsRetryAfter() {
        return true;
    }

    @AfterAll
    static void closeVertx() {
        VERTX.close().await();
    }
}
