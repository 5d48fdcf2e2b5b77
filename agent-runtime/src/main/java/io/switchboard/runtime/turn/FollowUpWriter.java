package io.switchboard.runtime.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.FollowUpSettings;
import io.switchboard.runtime.model.ModelFailure;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.offline.QaMatcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the follow-up questions of a turn once its answer is out: by the app's (or a named cheaper)
 * model, or for an offline app from its nearest other Q&A questions. Blocking: runs on a virtual
 * thread after the answer; any failure means no suggestions, never a failed turn.
 */
final class FollowUpWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FollowUpWriter.class);
    static final int MAX_CHARS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppCatalog catalog;
    private final ModelInvoker models;
    private final QaMatcher qaMatcher;

    FollowUpWriter(AppCatalog catalog, ModelInvoker models, QaMatcher qaMatcher) {
        this.catalog = catalog;
        this.models = models;
        this.qaMatcher = qaMatcher;
    }

    List<String> write(String appId, AppConfig config, String question, String answer) {
        FollowUpSettings settings = config.followUps();
        try {
            if (config.offline() && settings.providerId() == null) {
                return qaMatcher.nearest(config.qaPairs(), question, settings.count()).stream()
                        .map(match -> match.pair().question())
                        .toList();
            }
            ModelSettings model = settings.providerId() == null
                    ? config.model()
                    : new ModelSettings(settings.providerId(), settings.modelName(), 0.7, 200, false);
            Optional<ProviderConfig> provider = catalog.provider(model.providerId());
            if (provider.isEmpty()) {
                LOG.warn("no follow-ups for app {}: provider '{}' does not exist", appId, model.providerId());
                return List.of();
            }
            String text = models.invoke(provider.get(), model, prompt(config, question, answer), null)
                    .text();
            return parse(text, settings.count());
        } catch (ModelFailure | IllegalArgumentException e) {
            LOG.warn("no follow-ups for app {}: {}", appId, e.getMessage());
            return List.of();
        } catch (RuntimeException e) {
            LOG.warn("no follow-ups for app {}: {}", appId, e.toString());
            return List.of();
        }
    }

    static List<ChatMessage> prompt(AppConfig config, String question, String answer) {
        int count = config.followUps().count();
        String language = config.replyLanguage() != null
                ? "in this language: " + config.replyLanguage()
                : "in the language of the user's question";
        String system = "Suggest " + count + " short follow-up questions the user might ask next, "
                + language + ", each under " + MAX_CHARS / 2 + " characters, each answerable by the assistant."
                + " Reply with a JSON array of strings only.";
        String user = "User: " + question + "\n\nAssistant: " + answer;
        return List.of(SystemMessage.from(system), UserMessage.from(user));
    }

    /** A JSON array of strings, or else one question per line (numbering and bullets dropped). */
    static List<String> parse(String text, int count) {
        Set<String> questions = new LinkedHashSet<>();
        String trimmed = text.strip();
        int open = trimmed.indexOf('[');
        int close = trimmed.lastIndexOf(']');
        if (open >= 0 && close > open) {
            try {
                JsonNode array = JSON.readTree(trimmed.substring(open, close + 1));
                array.forEach(node -> add(questions, node.asText("")));
            } catch (IOException e) {
                // not JSON after all: read it line by line
            }
        }
        if (questions.isEmpty()) {
            for (String line : trimmed.split("\\R")) {
                add(questions, line.replaceFirst("^\\s*(?:[-*•]|\\d+[.)、]|[（(]?\\d+[)）])\\s*", ""));
            }
        }
        return new ArrayList<>(questions).subList(0, Math.min(count, questions.size()));
    }

    private static void add(Set<String> questions, String candidate) {
        String question = candidate
                .replaceAll("\\s+", " ")
                .strip()
                .replaceAll("^\"|\"$", "")
                .strip();
        if (!question.isEmpty() && question.length() <= MAX_CHARS && !question.startsWith("[")) {
            questions.add(question);
        }
    }
}
