package io.switchboard.runtime.turn;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.SummarySettings;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.memory.ConversationSummaries;
import io.switchboard.runtime.model.ModelAnswer;
import io.switchboard.runtime.model.ModelFailure;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ProviderConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the messages that fell out of a conversation's short-term window into its long-term summary,
 * after the turn: the answer never waits for it. Updates of one conversation run one after another in
 * this member; a failed update keeps the previous summary (the next turn's update starts from it).
 */
final class SummaryWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryWriter.class);
    static final String PROMPT_HEADING = "Summary of the earlier conversation:";

    private final AppCatalog catalog;
    private final ModelInvoker models;
    private final ConversationSummaries summaries;
    private final Executor executor;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();

    SummaryWriter(AppCatalog catalog, ModelInvoker models, ConversationSummaries summaries, Executor executor) {
        this.catalog = catalog;
        this.models = models;
        this.summaries = summaries;
        this.executor = executor;
    }

    /** The summary to put into the prompt, or null; a store that cannot be read costs the summary only. */
    String current(String memoryKey) {
        try {
            return summaries
                    .find(memoryKey)
                    .map(ConversationSummaries.Summary::text)
                    .orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("conversation summary not read: {}", e.getMessage());
            return null;
        }
    }

    /** Forgets {@code memoryKey}'s summary (its conversation was deleted). */
    void forget(String memoryKey) {
        summaries.delete(memoryKey);
    }

    /** Queues the update of {@code memoryKey}'s summary with {@code dropped}, oldest first. */
    void fold(String appId, AppConfig config, String memoryKey, List<ChatEntry> dropped) {
        if (dropped.isEmpty()) {
            return;
        }
        queues.compute(memoryKey, (key, previous) -> {
            CompletableFuture<Void> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
            CompletableFuture<Void> next = start.thenRunAsync(() -> update(appId, config, key, dropped), executor);
            next.whenComplete((ignored, failure) -> queues.remove(key, next));
            return next;
        });
    }

    private void update(String appId, AppConfig config, String memoryKey, List<ChatEntry> dropped) {
        SummarySettings settings = config.memory().summary();
        ModelSettings model = settings.providerId() == null
                ? config.model()
                : new ModelSettings(settings.providerId(), settings.modelName(), 0.2, null, false);
        Optional<ProviderConfig> provider = catalog.provider(model.providerId());
        if (provider.isEmpty()) {
            LOG.warn(
                    "summary of a conversation of app {} not updated: provider '{}' does not exist",
                    appId,
                    model.providerId());
            return;
        }
        try {
            String previous = current(memoryKey);
            ModelAnswer answer =
                    models.invoke(provider.get(), model, prompt(previous, dropped, settings, config), null);
            String text = answer.text().strip();
            if (text.isEmpty()) {
                return;
            }
            summaries.put(memoryKey, appId, clip(text, settings.maxChars()));
        } catch (ModelFailure | IllegalArgumentException e) {
            LOG.warn("summary of a conversation of app {} not updated: {}", appId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("summary of a conversation of app {} not stored: {}", appId, e.toString());
        }
    }

    static List<ChatMessage> prompt(
            String previous, List<ChatEntry> dropped, SummarySettings settings, AppConfig config) {
        String language =
                config.replyLanguage() == null ? "the language the conversation is in" : config.replyLanguage();
        String system = "You keep the running summary of a conversation between a user and an assistant."
                + " Merge the new messages into the current summary: keep facts about the user, their"
                + " goals, decisions and open questions; drop greetings and repetition. Write at most "
                + settings.maxChars() + " characters in " + language + ". Reply with the summary only.";
        StringBuilder user = new StringBuilder();
        user.append("Current summary:\n")
                .append(previous == null ? "(none yet)" : previous)
                .append("\n\nNew messages:\n");
        for (ChatEntry entry : dropped) {
            user.append(entry.role() == ChatEntry.Role.USER ? "User: " : "Assistant: ")
                    .append(entry.text())
                    .append('\n');
        }
        return List.of(
                SystemMessage.from(system), UserMessage.from(user.toString().strip()));
    }

    /** Cut at the bound, on a code point boundary. */
    static String clip(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
