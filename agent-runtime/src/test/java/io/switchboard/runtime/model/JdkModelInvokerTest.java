package io.switchboard.runtime.model;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.util.function.Supplier;

/** The invoker over LangChain4j's default HTTP client. */
class JdkModelInvokerTest extends ModelInvokerContract {
    @Override
    protected Supplier<HttpClientBuilder> httpClients() {
        return null;
    }
}
