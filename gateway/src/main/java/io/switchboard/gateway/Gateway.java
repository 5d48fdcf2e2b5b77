package io.switchboard.gateway;

import com.github.benmanes.caffeine.cache.Ticker;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.admin.AdminApi;
import io.switchboard.admin.AdminApiConfig;
import io.switchboard.admin.AdminBackend;
import io.switchboard.channels.api.OpenAiApiChannel;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.telegram.TelegramChannel;
import io.switchboard.channels.telegram.TelegramOptions;
import io.switchboard.channels.web.WebChatChannel;
import io.switchboard.channels.wechat.WeChatMpChannel;
import io.switchboard.channels.wechat.WeChatOptions;
import io.switchboard.channels.wecom.WeComChannel;
import io.switchboard.channels.wecom.WeComOptions;
import io.switchboard.gateway.bootstrap.FirstStart;
import io.switchboard.gateway.bootstrap.LocalSecrets;
import io.switchboard.gateway.bridge.ChannelRegistry;
import io.switchboard.gateway.bridge.RuntimeBridge;
import io.switchboard.gateway.bridge.StoreDurableState;
import io.switchboard.gateway.cluster.ClusterInvalidation;
import io.switchboard.gateway.cluster.HazelcastMember;
import io.switchboard.gateway.cluster.HazelcastSharedState;
import io.switchboard.gateway.config.ConfigException;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.http.ConsoleRoutes;
import io.switchboard.gateway.http.HttpRoutes;
import io.switchboard.gateway.http.TurnMetrics;
import io.switchboard.gateway.model.VertxModelHttpClient;
import io.switchboard.gateway.skills.Skills;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppChangeListener;
import io.switchboard.runtime.knowledge.KnowledgeLimits;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.knowledge.KnowledgeStore;
import io.switchboard.runtime.knowledge.LuceneKnowledgeStore;
import io.switchboard.runtime.knowledge.MilvusKnowledgeStore;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.offline.EmbeddingQaMatcher;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.runtime.turn.StandardAgentRuntime;
import io.switchboard.runtime.turn.TurnRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: starts every part of a gateway node and stops them in order. */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Database database;
    private final KnowledgeStore knowledgeStore;
    private final KnowledgeService knowledge;
    private final Skills skills;
    private final HazelcastInstance hazelcast;
    private final TurnRecorder recorder;
    private final Vertx vertx;
    private final RuntimeBridge bridge;
    private final ClusterInvalidation invalidation;
    private final List<ChannelAdapter> channels;
    private final ChannelRegistry registry;
    private final HazelcastSharedState sharedState;
    private final StoreDurableState durableState;
    private final HttpRoutes routes;
    private final List<HttpServer> servers;
    private final Router router;
    private final Optional<String> generatedAdminPassword;
    private final int port;

    private Gateway(GatewayConfig config) throws Exception {
        this.config = config;
        Files.createDirectories(config.dataDir());
        SecretBox secrets = SecretBox.fromBase64(LocalSecrets.configuredOrStored(
                config.security().masterKey(),
                config.dataDir().resolve("master.key"),
                SecretBox::generateKeyBase64,
                "SWITCHBOARD_SECURITY_MASTER_KEY"));
        String jwtSecret = LocalSecrets.configuredOrStored(
                config.security().jwtSecret(),
                config.dataDir().resolve("jwt.secret"),
                () -> LocalSecrets.randomBase64(48),
                "SWITCHBOARD_SECURITY_JWT_SECRET");

        GatewayConfig.Database db = config.database();
        database = Database.open(
                new DatabaseConfig(db.url(), db.username(), Secret.ofNullable(db.password()), db.maxPoolSize()),
                secrets);
        hazelcast = HazelcastMember.start(config.cluster(), "switchboard-" + UUID.randomUUID());

        PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setPreferNativeTransport(true)
                        .setMetricsOptions(new MicrometerMetricsOptions()
                                .setEnabled(true)
                                // Per-request client timers for every model, platform and webhook
                                // call showed in profiles; turn metrics already time what users feel.
                                .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
                                .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
                                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)))
                .withMetrics(new MicrometerMetricsFactory(meterRegistry))
                .build();
        LOG.info("network transport: {}", vertx.isNativeTransportEnabled() ? "native epoll" : "NIO");

        HttpClientAgent modelHttp = VertxModelHttpClient.sharedClient(vertx);
        LangChainModelInvoker models = LangChainModelInvoker.create(
                LangChainModelInvoker.DEFAULT_BACKOFF_BASE, () -> VertxModelHttpClient.builder(vertx, modelHttp));
        EmbeddingQaMatcher qaMatcher = EmbeddingQaMatcher.create();
        Thread.ofVirtual().name("embedding-warm-up").start(qaMatcher::warmUp);
        AppCatalog catalog =
                AppCatalog.create(database.apps(), database.providers(), Duration.ofMinutes(1), Ticker.systemTicker());
        recorder = TurnRecorder.start(database.turnLogs(), config.turns().logQueue());
        knowledgeStore = openKnowledgeStore(config);
        knowledge = KnowledgeService.create(
                database.knowledge(), knowledgeStore, catalog::provider, knowledgeLimits(config));
        Thread.ofVirtual().name("knowledge-resume").start(knowledge::resume);
        skills = Skills.start(config, database.toolProviders(), database.workflows(), models, catalog, knowledge);
        StandardAgentRuntime runtime = StandardAgentRuntime.builder()
                .tools(skills.tools())
                .chatFlow(skills.chatFlow())
                .catalog(catalog)
                .knowledge(knowledge)
                .memory(HazelcastConversationMemory.create(hazelcast, HazelcastConversationMemory.DEFAULT_MAP_NAME))
                .qaMatcher(qaMatcher)
                .models(models)
                .speech(models)
                .listener(recorder)
                .listener(TurnMetrics.create(meterRegistry))
                .build();

        bridge = RuntimeBridge.create(vertx, runtime, catalog, database.apiKeys());
        channels = List.of(
                WebChatChannel.create(),
                OpenAiApiChannel.create(),
                WeChatMpChannel.create(weChatOptions(config.weixin())),
                WeComChannel.create(WeComOptions.defaults()),
                TelegramChannel.create(telegramOptions(config)));
        registry = ChannelRegistry.create(vertx, database.channelBindings(), channels, this::publicUrl);
        sharedState = HazelcastSharedState.create(vertx, hazelcast);
        durableState = StoreDurableState.create(vertx, database.durableKeys());
        invalidation = ClusterInvalidation.start(
                hazelcast,
                List.of(catalog, bridge, knowledge, providerInvalidation(models), bindingInvalidation(registry)));
        registry.broadcastThrough(invalidation::bindingChanged);

        generatedAdminPassword = FirstStart.ensureAdmin(database.adminUsers(), config.admin());
        FirstStart.ensureSampleApp(database.apps(), config.sample());

        AdminApi admin = AdminApi.create(
                vertx,
                new AdminApiConfig(Secret.of(jwtSecret), config.security().tokenTtl(), adminBodyLimit(config)),
                new AdminBackend(
                        database.apps(),
                        database.providers(),
                        database.apiKeys(),
                        database.adminUsers(),
                        database.turnLogs(),
                        runtime,
                        invalidation,
                        database.channelBindings(),
                        registry,
                        knowledge,
                        skills.backend()));
        router = Router.router(vertx);
        routes = HttpRoutes.create(router, meterRegistry, database::healthy, hazelcast, bridge);
        router.route(AdminApi.MOUNT_PATH + "/*").subRouter(admin.router());
        ConsoleRoutes.mount(router);
        ChannelContext channelContext =
                new ChannelContext(vertx, bridge, bridge, bridge, registry, sharedState, durableState);
        for (ChannelAdapter channel : channels) {
            channel.mount(router, channelContext);
            LOG.info("channel '{}' mounted", channel.type());
        }
        routes.finish(AdminApi.openApiYaml());

        servers = new ArrayList<>();
        int instances = config.http().port() == 0
                ? 1
                : config.http().instances() == 0
                        ? Runtime.getRuntime().availableProcessors()
                        : config.http().instances();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.http().host())
                .setPort(config.http().port())
                .setCompressionSupported(true)
                .setTcpNoDelay(true);
        int boundPort = 0;
        for (int i = 0; i < instances; i++) {
            // Each server created from this (non-Vert.x) thread gets its own event loop; Vert.x
            // shares the listening socket between them.
            HttpServer server = vertx.createHttpServer(options).requestHandler(router);
            boundPort = server.listen().await().actualPort();
            servers.add(server);
        }
        port = boundPort;
    }

    /**
     * Webhooks are registered under {@code http.publicUrl}; without one they are not registered (the
     * admin API's callback URL is then registered by hand), since Telegram cannot call localhost.
     */
    private static TelegramOptions telegramOptions(GatewayConfig config) {
        GatewayConfig.Telegram telegram = config.telegram();
        try {
            return TelegramOptions.defaults(config.http().publicUrl())
                    .withApiBaseUrl(telegram.apiBaseUrl())
                    .withPolling(telegram.pollTimeout(), telegram.leaseTtl())
                    .withPacing(
                            telegram.chatInterval(),
                            telegram.groupMessagesPerMinute(),
                            telegram.botMessagesPerSecond(),
                            telegram.streamInterval())
                    .withRecoveryGrace(telegram.recoveryGrace());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }

    private static AppChangeListener providerInvalidation(ModelInvoker models) {
        return new AppChangeListener() {
            @Override
            public void appChanged(String appId) {}

            @Override
            public void providerChanged(String providerId) {
                models.invalidate(providerId);
            }
        };
    }

    private static WeChatOptions weChatOptions(GatewayConfig.Weixin weixin) {
        WeChatOptions defaults = WeChatOptions.defaults();
        Duration dedupe = weixin.replayWindow()
                .multipliedBy(2)
                .plus(weixin.platformDeadline().multipliedBy(4));
        return defaults.withTiming(weixin.platformDeadline(), weixin.passiveBudget())
                .withReplayWindow(
                        weixin.replayWindow(),
                        dedupe.compareTo(defaults.dedupeTtl()) > 0 ? dedupe : defaults.dedupeTtl());
    }

    private static AppChangeListener bindingInvalidation(ChannelRegistry registry) {
        return new AppChangeListener() {
            @Override
            public void appChanged(String appId) {}

            @Override
            public void providerChanged(String providerId) {}

            @Override
            public void bindingChanged(String bindingId) {
                registry.bindingChangedLocally(bindingId);
            }
        };
    }

    /** Starts a node; throws {@link io.switchboard.gateway.config.ConfigException} for bad configuration. */
    public static Gateway start(GatewayConfig config) throws Exception {
        return new Gateway(config);
    }

    public int port() {
        return port;
    }

    /** The address users reach this node at. */
    public String publicUrl() {
        return config.http().publicUrl().isEmpty()
                ? "http://localhost:" + port
                : config.http().publicUrl();
    }

    public Optional<String> generatedAdminPassword() {
        return generatedAdminPassword;
    }

    private static KnowledgeStore openKnowledgeStore(GatewayConfig config) {
        GatewayConfig.Knowledge settings = config.knowledge();
        KnowledgeStore store = settings.engine().equals("milvus")
                ? MilvusKnowledgeStore.connect(
                        settings.milvusUri(), settings.milvusToken(), settings.milvusCollection())
                : LuceneKnowledgeStore.open(config.dataDir().resolve("knowledge"));
        LOG.info("knowledge engine: {}", store.engine());
        return store;
    }

    private static KnowledgeLimits knowledgeLimits(GatewayConfig config) {
        GatewayConfig.Knowledge settings = config.knowledge();
        NetPolicy net = NetPolicy.DEFAULT
                .withAllowlist(settings.allowlistEntries())
                .withLimits(settings.fetchMaxBytes(), NetPolicy.DEFAULT_CONNECT_TIMEOUT, settings.fetchTimeout());
        return new KnowledgeLimits(
                settings.maxUploadBytes(),
                KnowledgeLimits.DEFAULT.maxDocumentChars(),
                settings.ingestionConcurrency(),
                settings.crawlMaxPages(),
                settings.crawlMaxDepth(),
                net);
    }

    /**
     * Admin request bodies must fit a base64-encoded upload. Only authenticated requests are buffered (the
     * admin router checks the token before its body handler).
     */
    private static int adminBodyLimit(GatewayConfig config) {
        long upload = config.knowledge().maxUploadBytes() * 4 / 3 + 64 * 1024;
        return (int) Math.min(64L * 1024 * 1024, Math.max(config.turns().maxBodyBytes(), upload));
    }

    /** The root router (for tests that check every route, e.g. against the OpenAPI document). */
    Router router() {
        return router;
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** Graceful stop: refuse new turns, let running ones finish, flush logs, then release everything. */
    @Override
    public void close() throws Exception {
        routes.markStopping();
        bridge.stopAccepting();
        if (!routes.awaitDrained(config.turns().shutdownGrace())) {
            LOG.warn(
                    "{} requests ({} turns) still running after {}; stopping anyway",
                    routes.activeRequests(),
                    bridge.inFlight(),
                    config.turns().shutdownGrace());
        }
        for (ChannelAdapter channel : channels) {
            try {
                channel.stop();
            } catch (RuntimeException e) {
                LOG.error("channel {} failed to stop", channel.type(), e);
            }
        }
        Future.all(servers.stream().map(HttpServer::close).toList()).await();
        recorder.close();
        skills.close();
        invalidation.stop();
        sharedState.stop();
        durableState.close();
        registry.close();
        bridge.close();
        vertx.close().await();
        hazelcast.shutdown();
        knowledge.close();
        knowledgeStore.close();
        database.close();
        LOG.info("stopped");
    }
}
