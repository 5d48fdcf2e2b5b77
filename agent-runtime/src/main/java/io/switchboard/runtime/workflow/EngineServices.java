package io.switchboard.runtime.workflow;

import io.switchboard.runtime.knowledge.DocumentText;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.tool.KnowledgeLookup;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolRegistry;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine's collaborators; {@code knowledge}, {@code code} and {@code conversationVariables} may be
 * null when not available; {@code documents} is made on first use (Tika's start is slow).
 */
record EngineServices(
        ModelInvoker models,
        Function<String, Optional<ProviderConfig>> providers,
        KnowledgeLookup knowledge,
        OutboundHttp http,
        ToolRegistry tools,
        CodeRunner code,
        ConversationVariableStore conversationVariables,
        java.util.function.Supplier<DocumentText> documents) {}
