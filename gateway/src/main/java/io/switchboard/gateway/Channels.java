package io.switchboard.gateway;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.channels.api.OpenAiApiChannel;
import io.switchboard.channels.ilink.WeChatIlinkChannel;
import io.switchboard.channels.mcp.McpChannel;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.telegram.TelegramChannel;
import io.switchboard.channels.telegram.TelegramOptions;
import io.switchboard.channels.web.WebChatChannel;
import io.switchboard.channels.wechat.WeChatMpChannel;
import io.switchboard.channels.wechat.WeChatOptions;
import io.switchboard.channels.wechatkf.WeChatKfChannel;
import io.switchboard.channels.wecom.WeComChannel;
import io.switchboard.channels.wecom.WeComOptions;
import io.switchboard.channels.wecomaibot.WeComAiBotChannel;
import io.switchboard.gateway.approval.Approvals;
import io.switchboard.gateway.bootstrap.Closer;
import io.switchboard.gateway.bridge.ChannelRegistry;
import io.switchboard.gateway.bridge.EmbeddingBridge;
import io.switchboard.gateway.bridge.RuntimeBridge;
import io.switchboard.gateway.bridge.StoreDurableState;
import io.switchboard.gateway.bridge.WorkflowBridge;
import io.switchboard.gateway.cluster.HazelcastSharedState;
import io.switchboard.gateway.config.ConfigException;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.quota.Quotas;
import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.app.AppChangeListener;
import io.switchboard.runtime.store.Database;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels of the node: the adapters, the bridge that hands their messages to the agent runtime,
 * their bindings, and the state they share with the other members. Adapters start when mounted.
 */
final class Channels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Channels.class);

    private final Closer started;
    private final Vertx vertx;
    private final RuntimeBridge bridge;
    private final EmbeddingBridge embeddings;
    private final WorkflowBridge workflows;
    private final List<ChannelAdapter> adapters;
    private final ChannelRegistry registry;
    private final HazelcastSharedState shared;
    private final StoreDurableState durable;
    private final Approvals approvals;

    private Quotas quotas;

    /** The rate limits and quotas of turns (for admins' usage view). */
    Quotas quotas() {
        return quotas;
    }

    /**
     * A gateway without {@code cluster.members} is a cluster of one (its member listens on loopback, nothing joins
     * it): its quotas count in process, without a Hazelcast operation per turn.
     */
    private static Quotas quotas(GatewayConfig config, HazelcastInstance hazelcast, Database database) {
        Function<String, String> workspaceOfApp = app -> database.workspaces().workspaceOf(ResourceKind.APP, app);
        return config.cluster().members().isEmpty()
                ? Quotas.createLocal(config.quotas(), workspaceOfApp)
                : Quotas.create(hazelcast, config.quotas(), workspaceOfApp);
    }

    private Channels(
            GatewayConfig config,
            Vertx vertx,
            Storage storage,
            HazelcastInstance hazelcast,
            Agents agents,
            Supplier<String> publicUrl,
            Closer started) {
        Database database = storage.database();
        this.started = started;
        this.vertx = vertx;
        bridge = started.add(
                RuntimeBridge.create(
                        vertx,
                        agents.runtime(),
                        agents.catalog(),
                        database.apiKeys(),
                        database.feedback(),
                        quotas = quotas(config, hazelcast, database)),
                RuntimeBridge::close);
        embeddings = started.add(EmbeddingBridge.create(agents.knowledge(), agents.catalog()), EmbeddingBridge::close);
        workflows = started.add(
                WorkflowBridge.create(agents.catalog(), agents.skills().tools()), WorkflowBridge::close);
        adapters = List.of(
                WebChatChannel.create(),
                OpenAiApiChannel.create(),
                McpChannel.create(workflows),
                WeChatMpChannel.create(weChatOptions(config.weixin())),
                WeComChannel.create(WeComOptions.builder()
                        .recoveryGrace(config.weixin().recoveryGrace())
                        .build()),
                TelegramChannel.create(telegramOptions(config)),
                WeComAiBotChannel.create(config.wecomAibot().options()),
                WeChatKfChannel.create(config.wechatKf().options()),
                WeChatIlinkChannel.create(config.wechatIlink().options()));
        registry = started.add(
                ChannelRegistry.create(database.channelBindings(), adapters, publicUrl), ChannelRegistry::close);
        approvals = started.add(
                Approvals.create(registry, agents.skills().workflows(), storage.jwtSecret(), publicUrl),
                Approvals::close);
        adapters.forEach(adapter -> adapter.staffNoticeActions(approvals::press));
        shared = started.add(
                HazelcastSharedState.create(vertx, hazelcast, storage.masterKey()), HazelcastSharedState::stop);
        durable = started.add(StoreDurableState.create(vertx, database.durableKeys()));
    }

    static Channels start(
            GatewayConfig config,
            Vertx vertx,
            Storage storage,
            HazelcastInstance hazelcast,
            Agents agents,
            Supplier<String> publicUrl)
            throws Exception {
        return Closer.startOrClose(
                "channels", started -> new Channels(config, vertx, storage, hazelcast, agents, publicUrl, started));
    }

    /** Mounts every adapter's routes on {@code router}, which starts it; each is stopped at close. */
    void mount(Router router) {
        ChannelContext context =
                new ChannelContext(vertx, bridge, bridge, bridge, registry, shared, durable, embeddings);
        for (ChannelAdapter adapter : adapters) {
            started.add(adapter, ChannelAdapter::stop);
            adapter.mount(router, context);
            LOG.info("channel '{}' mounted", adapter.type());
        }
        approvals.mount(router);
    }

    RuntimeBridge bridge() {
        return bridge;
    }

    ChannelRegistry registry() {
        return registry;
    }

    /** Drops a binding's cached settings when the binding changed on any member. */
    AppChangeListener bindingInvalidation() {
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

    /**
     * Webhooks are registered under {@code http.publicUrl}; without one they are not registered (the
     * admin API's callback URL is then registered by hand), since Telegram cannot call localhost.
     */
    private static TelegramOptions telegramOptions(GatewayConfig config) {
        GatewayConfig.Telegram telegram = config.telegram();
        try {
            return TelegramOptions.builder()
                    .publicUrl(config.http().publicUrl())
                    .apiBaseUrl(telegram.apiBaseUrl())
                    .pollTimeout(telegram.pollTimeout())
                    .leaseTtl(telegram.leaseTtl())
                    .chatInterval(telegram.chatInterval())
                    .groupMessagesPerMinute(telegram.groupMessagesPerMinute())
                    .botMessagesPerSecond(telegram.botMessagesPerSecond())
                    .streamInterval(telegram.streamInterval())
                    .recoveryGrace(telegram.recoveryGrace())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }

    private static WeChatOptions weChatOptions(GatewayConfig.Weixin weixin) {
        // The dedupe TTL follows: the builder lengthens it to cover a longer replay window.
        return WeChatOptions.builder()
                .platformDeadline(weixin.platformDeadline())
                .passiveBudget(weixin.passiveBudget())
                .replayWindow(weixin.replayWindow())
                .recoveryGrace(weixin.recoveryGrace())
                .build();
    }

    /** Stops the adapters, then what they used, in reverse order of start. */
    @Override
    public void close() throws Exception {
        started.close();
    }
}
