package io.switchboard.runtime.turn;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.ResolvedApp;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.model.ModelAnswer;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a follow-up ("and in safe mode?") into a question that stands alone, for retrieval, with the
 * app's own model and the last turns of the conversation. Without history, without a model (offline
 * apps) or when the model fails or answers nonsense, the question is searched as it was asked.
 */
final class QueryRewriter {
    private static final Logger LOG = LoggerFactory.getLogger(QueryRewriter.class);
    /** Turns of history shown to the model, and characters of each. */
    private static final int HISTORY_ENTRIES = 6;

    private static final int ENTRY_CHARS = 400;
    private static final int MAX_QUERY_CHARS = 500;

    static final String INSTRUCTION = "Rewrite the user's last message as one standalone search query for a"
            + " knowledge base: resolve pronouns and omissions from the conversation, keep the user's language and"
            + " key terms, add nothing else. If it already stands alone, repeat it. Reply with the query only."
            + "\n把用户最后一句话改写成可以独立检索的问题：补全指代和省略，保持原语言，只输出改写后的问题。";

    private final AppCatalog catalog;
    private final ModelInvoker models;

    QueryRewriter(AppCatalog catalog, ModelInvoker models) {
        this.catalog = catalog;
        this.models = models;
    }

    String rewrite(ResolvedApp app, List<ChatEntry> history, String question) {
        AppConfig config = app.config();
        if (history.isEmpty() || config.offline() || models == null) {
            return question;
        }
        Optional<ProviderConfig> provider = catalog.provider(config.model().providerId());
        if (provider.isEmpty()) {
            return question;
        }
        List<ChatMessage> messages = new ArrayList<>();
        StringBuilder conversation = new StringBuilder(INSTRUCTION).append("\n\nConversation:\n");
        for (ChatEntry entry : history.subList(Math.max(0, history.size() - HISTORY_ENTRIES), history.size())) {
            String text =
                    entry.text().length() > ENTRY_CHARS ? entry.text().substring(0, ENTRY_CHARS) + "…" : entry.text();
            conversation
                    .append(entry.role() == ChatEntry.Role.USER ? "user: " : "assistant: ")
                    .append(text.replace('\n', ' '))
                    .append('\n');
        }
        messages.add(SystemMessage.from(conversation.toString()));
        messages.add(UserMessage.from(question));
        try {
            ModelAnswer answer = models.invoke(provider.get(), config.model(), messages, null);
            String query = clean(answer.text());
            return query.isEmpty() || query.length() > MAX_QUERY_CHARS ? question : query;
        } catch (RuntimeException e) {
            LOG.warn("rewriting the question for retrieval failed (app {}): {}", app.appId(), e.getMessage());
            return question;
        }
    }

    /** First non-blank line, without quotes or a "query:" label the model may add. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip()
                .lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .orElse("")
                .strip();
        line = line.replaceFirst("^(?i)(query|search query|问题|改写)\\s*[:：]\\s*", "");
        if (line.length() >= 2
                && "\"'“”「」`".indexOf(line.charAt(0)) >= 0
                && "\"'“”「」`".indexOf(line.charAt(line.length() - 1)) >= 0) {
            line = line.substring(1, line.length() - 1).strip();
        }
        return line;
    }
}
