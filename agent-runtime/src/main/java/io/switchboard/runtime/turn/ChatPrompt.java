package io.switchboard.runtime.turn;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.app.ApiSettings;
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
        return messages(app, prepared, summary, history, contributions, ClientTurn.NONE);
    }

    /**
     * @param client a developer-API client's system message (per the app's policy) and messages: all of
     *     the conversation when stateless ({@code history} is then empty), else those after the question
     */
    static List<ChatMessage> messages(
            ResolvedApp app,
            MediaTurn.Prepared prepared,
            String summary,
            List<ChatEntry> history,
            List<Contribution> contributions,
            ClientTurn client) {
        AppConfig config = app.config();
        AgentRequest request = prepared.request();
        String appPrompt = PromptTemplate.render(config.systemPrompt(), config.variables(), request.variables());
        String clientSystem = client.systemMessage(config.api());
        StringBuilder system = new StringBuilder();
        if (clientSystem == null || config.api().systemMessage() != ApiSettings.SystemMessage.REPLACE) {
            system.append(appPrompt);
        }
        if (clientSystem != null) {
            system.append(system.isEmpty() ? "" : "\n\n").append(clientSystem);
        }
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
        messages.addAll(client.messages(config, prepared.userMessage()));
        return messages;
    }
}
