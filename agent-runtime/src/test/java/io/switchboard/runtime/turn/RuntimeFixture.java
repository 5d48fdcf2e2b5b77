package io.switchboard.runtime.turn;

import com.github.benmanes.caffeine.cache.Ticker;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.QaPair;
import io.switchboard.runtime.app.SkillSettings;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.memory.ConversationMemory;
import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.offline.QaMatcher;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real store (in-memory H2), a real model client and an in-memory conversation memory for runtime tests. */
public final class RuntimeFixture implements AutoCloseable {
    public final Database database;
    public final AppCatalog catalog;
    /** Hosted providers' fakes listen on loopback: the SSRF guard lets 127.0.0.1 through here. */
    public final LangChainModelInvoker models = LangChainModelInvoker.create(
            Duration.ofMillis(1),
            null,
            NetPolicy.builder().allowlist(List.of("127.0.0.1")).build());

    public final ConversationMemory memory = new MapMemory();
    public final List<TurnLog> logs = new CopyOnWriteArrayList<>();
    /** The model name of every app the fixture creates (an Azure deployment name too). */
    public static final String MODEL_NAME = "fake-model";

    public RuntimeFixture() {
        database = Database.open(
                new DatabaseConfig("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", null, 4),
                SecretBox.create(new byte[SecretBox.KEY_BYTES]));
        catalog =
                AppCatalog.create(database.apps(), database.providers(), Duration.ofMinutes(5), Ticker.systemTicker());
    }

    /** Registers the fake model as provider {@code fake} and creates app {@code appId} with {@code skills}. */
    public void app(String appId, String modelBaseUrl, SkillSettings skills) {
        app(appId, ProviderKind.OPENAI_COMPATIBLE, modelBaseUrl, skills);
    }

    /** Like {@link #app(String, String, SkillSettings)} with a provider of {@code kind} (its id: the kind's name). */
    public void app(String appId, ProviderKind kind, String modelBaseUrl, SkillSettings skills) {
        String providerId = kind == ProviderKind.OPENAI_COMPATIBLE
                ? "fake"
                : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        app(
                appId,
                new ProviderConfig(
                        providerId, "Fake", kind, modelBaseUrl, Secret.of("sk-test"), Duration.ofSeconds(10), 0),
                skills);
    }

    /** Registers {@code provider} (unless a provider of its id exists) and creates app {@code appId} on it. */
    public void app(String appId, ProviderConfig provider, SkillSettings skills) {
        String providerId = provider.id();
        if (database.providers().find(providerId).isEmpty()) {
            database.providers().create(provider);
        }
        database.apps()
                .create(
                        appId,
                        new AppConfig(
                                "Test app",
                                "You are helpful.",
                                Map.of(),
                                new ModelSettings(providerId, MODEL_NAME, null, null, false),
                                null,
                                null,
                                null,
                                null,
                                null,
                                0,
                                null,
                                skills,
                                null,
                                null,
                                null,
                                null,
                                null));
    }

    /** These tests' apps have no Q&A pairs: a matcher that never loads the embedding models. */
    private static final QaMatcher NO_QA = new QaMatcher() {
        @Override
        public Optional<Match> match(List<QaPair> pairs, String message, double threshold) {
            return Optional.empty();
        }

        @Override
        public List<Match> nearest(List<QaPair> pairs, String message, int limit) {
            return List.of();
        }
    };

    public StandardAgentRuntimeBuilder runtime() {
        return StandardAgentRuntime.builder()
                .catalog(catalog)
                .memory(memory)
                .qaMatcher(NO_QA)
                .models(models)
                .listener(logs::add);
    }

    @Override
    public void close() {
        database.close();
    }

    private static final class MapMemory implements ConversationMemory {
        private final Map<String, List<ChatEntry>> entries = new ConcurrentHashMap<>();

        @Override
        public List<ChatEntry> recent(String key, int max) {
            List<ChatEntry> all = entries.getOrDefault(key, List.of());
            return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
        }

        @Override
        public void append(String key, List<ChatEntry> added, int keep) {
            entries.compute(key, (k, old) -> {
                List<ChatEntry> all = new ArrayList<>(old == null ? List.of() : old);
                all.addAll(added);
                return List.copyOf(all.subList(Math.max(0, all.size() - keep), all.size()));
            });
        }

        @Override
        public void clear(String key) {
            entries.remove(key);
        }
    }
}
