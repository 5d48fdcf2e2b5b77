package io.switchboard.runtime.turn;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.ResolvedApp;
import io.switchboard.runtime.memory.ChatEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages a model sees for a turn: system prompt with contributions and the long-term summary,
 * remembered history, the question.
 */
final class ChatPrompt {
    private ChatPrompt() {}

    static List<ChatMessage> messages(
            ResolvedApp app,
            MediaTurn.Prepared prepared,
            String summary,
            List<ChatEntry> history,
            List<Contribution> contributions) {
        AppConfig config = app.config();
        AgentRequest request = prepared.request();
        StringBuilder system = new StringBuilder(
                PromptTemplate.render(config.systemPrompt(), config.variables(), request.variables()));
        for (Contribution contribution : contributions) {
            if (!contribution.promptText().isBlank()) {
                system.append("\n\n").append(contribution.promptText());
            }
        }
        if (config.replyLanguage() != null) {
            system.append("\n\nAlways answer in this language: ")
                    .append(config.replyLanguage())
                    .append('.');
        }
        if (summary != null) {
            // Before the window: what the remembered messages follow on from.
            system.append("\n\n")
                    .append(SummaryWriter.PROMPT_HEADING)
                    .append('\n')
                    .append(summary);
        }
        List<ChatMessage> messages = new ArrayList<>(history.size() + 2);
        if (!system.isEmpty()) {
            messages.add(SystemMessage.from(system.toString().strip()));
        }
        for (ChatEntry entry : history) {
            messages.add(
                    entry.role() == ChatEntry.Role.USER
                            ? UserMessage.from(entry.text())
                            : AiMessage.from(entry.text()));
        }
        messages.add(prepared.userMessage());
        return messages;
    }
}
