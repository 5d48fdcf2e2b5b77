package io.switchboard.admin;

import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.knowledge.Citation;
import io.switchboard.runtime.turn.AgentRequest;
import io.switchboard.runtime.turn.AgentRuntime;
import io.switchboard.runtime.turn.TurnResult;
import io.switchboard.runtime.turn.TurnStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The other side of the runtime boundary, scripted: streams fixed tokens and answers with their
 * concatenation. Like the real runtime it refuses unknown apps, and it records what it was asked.
 */
final class ScriptedAgentRuntime implements AgentRuntime {
    static final List<String> TOKENS = List.of("Hel", "lo", ", ", "admin", "!");

    private final AppStore apps;
    final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    ScriptedAgentRuntime(AppStore apps) {
        this.apps = apps;
    }

    @Override
    public TurnResult run(AgentRequest request, Consumer<String> onToken) {
        requests.add(request);
        threads.add(
                Thread.currentThread().isVirtual()
                        ? "virtual"
                        : Thread.currentThread().getName());
        if (apps.find(request.appId()).isEmpty()) {
            throw new NotFoundException("app '" + request.appId() + "' does not exist");
        }
        TOKENS.forEach(onToken);
        return new TurnResult(
                request.conversationId(),
                String.join("", TOKENS),
                0,
                TurnStatus.OK,
                false,
                11,
                5,
                42,
                List.of(new Citation("handbook.md", "Switchboard is an LLMOps gateway.", 0.91)),
                List.of(new io.switchboard.runtime.turn.ToolCallLog(
                        1, "calculator", "{\"expression\":\"1+1\"}", 1, 3, null)),
                "turn-" + request.conversationId(),
                null);
    }
}
