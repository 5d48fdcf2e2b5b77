package io.switchboard.gateway;

import com.github.benmanes.caffeine.cache.Ticker;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.gateway.bootstrap.Closer;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.http.ModelMetrics;
import io.switchboard.gateway.http.ModerationMetrics;
import io.switchboard.gateway.http.TurnMetrics;
import io.switchboard.gateway.model.VertxModelHttpClient;
import io.switchboard.gateway.skills.Skills;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppChangeListener;
import io.switchboard.runtime.knowledge.KnowledgeEngine;
import io.switchboard.runtime.knowledge.KnowledgeLimits;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.knowledge.KnowledgeStore;
import io.switchboard.runtime.knowledge.LuceneKnowledgeStore;
import io.switchboard.runtime.knowledge.MilvusKnowledgeStore;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.moderation.Moderation;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.offline.EmbeddingQaMatcher;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.turn.StandardAgentRuntime;
import io.switchboard.runtime.turn.TurnRecorder;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.http.HttpClientAgent;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent runtime of the node: models, the app catalog, the conversation log, knowledge bases, tools
 * and workflows, and the runtime that answers turns with them.
 */
final class Agents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agents.class);

    private final Closer started;
    private final LangChainModelInvoker models;
    private final AppCatalog catalog;
    private final KnowledgeService knowledge;
    private final Skills skills;
    private final StandardAgentRuntime runtime;
    private final Moderation moderation;

    private Agents(GatewayConfig config, Storage storage, HazelcastInstance hazelcast, VertxNode node, Closer started)
            throws Exception {
        Database database = storage.database();
        this.started = started;
        HttpClientAgent modelHttp = VertxModelHttpClient.sharedClient(node.vertx());
        models = LangChainModelInvoker.create(
                LangChainModelInvoker.DEFAULT_BACKOFF_BASE,
                () -> VertxModelHttpClient.builder(node.vertx(), modelHttp),
                Clock.systemUTC(),
                ModelMetrics.create(node.metrics()),
                // Hosted providers' endpoints (Anthropic, Gemini, Azure) reach what tools may reach.
                NetPolicy.builder()
                        .allowlist(config.knowledge().allowlistEntries())
                        .build());
        EmbeddingQaMatcher qaMatcher = EmbeddingQaMatcher.create();
        VirtualThreads.start("embedding-warm-up", qaMatcher::warmUp);
        catalog =
                AppCatalog.create(database.apps(), database.providers(), Duration.ofMinutes(1), Ticker.systemTicker());
        TurnRecorder recorder = started.add(
                TurnRecorder.start(database.turnLogs(), config.turns().logQueue()));
        KnowledgeStore knowledgeStore = started.add(openKnowledgeStore(config));
        knowledge = started.add(KnowledgeService.create(
                database.knowledge(), knowledgeStore, catalog::provider, knowledgeLimits(config)));
        // Joined at stop, so that it never reads a database that is being closed.
        started.add(
                VirtualThreads.start("knowledge-resume", knowledge::resume),
                thread -> thread.join(Duration.ofSeconds(10)));
        skills = started.add(
                Skills.start(config, database.toolProviders(), database.workflowStores(), models, catalog, knowledge));
        moderation = Moderation.builder()
                .lists(database.keywordLists())
                .hits(database.moderationHits())
                .providers(catalog::provider)
                // A hosted provider's moderation endpoint reaches what tools and knowledge fetches may reach; a
                // self-hosted (OpenAI-compatible) one is reached at its base URL, as its chat calls are.
                .net(NetPolicy.builder()
                        .allowlist(config.knowledge().allowlistEntries())
                        .build())
                .recorder(runnable -> VirtualThreads.start("moderation-hits", runnable))
                .build();
        moderation.onHit(ModerationMetrics.create(node.metrics()));
        runtime = StandardAgentRuntime.builder()
                .moderation(moderation)
                .tools(skills.tools())
                .chatFlow(skills.chatFlow())
                .catalog(catalog)
                .knowledge(knowledge)
                .memory(HazelcastConversationMemory.create(
                        hazelcast, HazelcastConversationMemory.DEFAULT_MAP_NAME, storage.masterKey()))
                .qaMatcher(qaMatcher)
                .models(models)
                .speech(models)
                .summaries(database.summaries())
                .listener(recorder)
                .listener(TurnMetrics.create(node.metrics()))
                .build();
    }

    static Agents start(GatewayConfig config, Storage storage, HazelcastInstance hazelcast, VertxNode node)
            throws Exception {
        return Closer.startOrClose("agent runtime", started -> new Agents(config, storage, hazelcast, node, started));
    }

    private static KnowledgeStore openKnowledgeStore(GatewayConfig config) {
        GatewayConfig.Knowledge settings = config.knowledge();
        KnowledgeStore store = settings.engine() == KnowledgeEngine.MILVUS
                ? MilvusKnowledgeStore.connect(
                        settings.milvusUri(), settings.milvusToken(), settings.milvusCollection())
                : LuceneKnowledgeStore.open(config.dataDir().resolve("knowledge"));
        LOG.info("knowledge engine: {}", store.engine().wireName());
        return store;
    }

    private static KnowledgeLimits knowledgeLimits(GatewayConfig config) {
        GatewayConfig.Knowledge settings = config.knowledge();
        return KnowledgeLimits.builder()
                .maxUploadBytes(settings.maxUploadBytes())
                .ingestionConcurrency(settings.ingestionConcurrency())
                .crawlMaxPages(settings.crawlMaxPages())
                .crawlMaxDepth(settings.crawlMaxDepth())
                .net(NetPolicy.builder()
                        .allowlist(settings.allowlistEntries())
                        .maxResponseBytes(settings.fetchMaxBytes())
                        .totalTimeout(settings.fetchTimeout())
                        .build())
                .build();
    }

    StandardAgentRuntime runtime() {
        return runtime;
    }

    Moderation moderation() {
        return moderation;
    }

    AppCatalog catalog() {
        return catalog;
    }

    KnowledgeService knowledge() {
        return knowledge;
    }

    Skills skills() {
        return skills;
    }

    /** Drops a provider's cached model clients when the provider changed on any member. */
    AppChangeListener providerInvalidation() {
        return new AppChangeListener() {
            @Override
            public void appChanged(String appId) {}

            @Override
            public void providerChanged(String providerId) {
                models.invalidate(providerId);
            }

            @Override
            public void keywordListsChanged() {
                moderation.listsChanged();
            }
        };
    }

    @Override
    public void close() throws Exception {
        started.close();
    }
}
