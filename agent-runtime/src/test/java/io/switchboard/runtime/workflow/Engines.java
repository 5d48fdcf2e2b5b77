package io.switchboard.runtime.workflow;

import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.tool.BuiltinTools;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Engines for node tests: no model, or the fake OpenAI server as provider {@code fake}. */
final class Engines {
    private static final WorkflowEngine PLAIN = builder(null).build();

    private Engines() {}

    static WorkflowEngine plain() {
        return PLAIN;
    }

    /** @param modelBaseUrl the fake model server's base URL, or null for no provider */
    static WorkflowEngine.Builder builder(String modelBaseUrl) {
        ProviderConfig provider = modelBaseUrl == null
                ? null
                : ProviderConfig.of(
                        "fake",
                        "Fake",
                        ProviderKind.OPENAI_COMPATIBLE,
                        modelBaseUrl,
                        Secret.of("k"),
                        Duration.ofSeconds(5),
                        0);
        OutboundHttp http = OutboundHttp.create(
                NetPolicy.builder().allowlist(List.of("127.0.0.1")).build());
        return WorkflowEngine.builder()
                .models(
                        LangChainModelInvoker.create(Duration.ofMillis(1)),
                        id -> id.equals("fake") ? Optional.ofNullable(provider) : Optional.empty())
                .http(http)
                .tools(ToolRegistry.create(List.of(BuiltinTools.create(Clock.systemUTC(), http, null))));
    }
}
