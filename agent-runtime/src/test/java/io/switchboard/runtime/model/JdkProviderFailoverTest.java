package io.switchboard.runtime.model;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.util.function.Supplier;

/** Failover over LangChain4j's default (JDK) HTTP client, which does not report {@code Retry-After}. */
class JdkProviderFailoverTest extends ProviderFailoverContract {
    @Override
    protected Supplier<HttpClientBuilder> httpClients() {
        return null;
    }

    @Override
    protected boolean reportsRetryAfter() {
        return false;
    }
}
