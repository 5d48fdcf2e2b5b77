package io.switchboard.gateway;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.admin.AdminApi;
import io.switchboard.admin.AdminApiConfig;
import io.switchboard.admin.AdminBackend;
import io.switchboard.admin.AdminSecurity;
import io.switchboard.admin.access.HazelcastAttemptCounter;
import io.switchboard.admin.access.LoginPolicy;
import io.switchboard.admin.access.LoginThrottle;
import io.switchboard.gateway.bootstrap.Closer;
import io.switchboard.gateway.bootstrap.FirstStart;
import io.switchboard.gateway.cluster.ClusterInvalidation;
import io.switchboard.gateway.cluster.HazelcastMember;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.telemetry.OtlpTracing;
import io.switchboard.runtime.appfile.AppFiles;
import io.switchboard.runtime.store.Database;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: starts the parts of a gateway node in order (storage, cluster member, event
 * loops, agent runtime, channels, HTTP) and stops them in reverse order. A start that fails stops
 * whatever it had started, so a failed node leaves no database, cluster member or thread behind.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Closer started;
    private final HazelcastInstance hazelcast;
    private final Channels channels;
    private final HttpFront http;
    private final Optional<String> generatedAdminPassword;

    private Gateway(GatewayConfig config, Closer started) throws Exception {
        this.config = config;
        this.started = started;
        // First in, last out: spans of the shutdown's last turns are still exported.
        started.add(OtlpTracing.start(
                config.tracing(), "switchboard-" + config.http().port() + "-" + UUID.randomUUID()));
        Storage storage = started.add(Storage.open(config));
        hazelcast = started.add(
                HazelcastMember.start(
                        config.cluster(),
                        "switchboard-" + UUID.randomUUID(),
                        storage.database().conversations(),
                        storage.masterKey()),
                HazelcastInstance::shutdown);
        VertxNode node = started.add(VertxNode.start());
        Agents agents = started.add(Agents.start(config, storage, hazelcast, node));
        channels = started.add(Channels.start(config, node.vertx(), storage, hazelcast, agents, this::publicUrl));
        ClusterInvalidation invalidation = started.add(
                ClusterInvalidation.start(
                        hazelcast,
                        List.of(
                                agents.catalog(),
                                channels.bridge(),
                                agents.providerInvalidation(),
                                channels.bindingInvalidation())),
                ClusterInvalidation::stop);
        channels.registry().broadcastThrough(invalidation::bindingChanged);
        generatedAdminPassword = FirstStart.ensureAdmin(storage.database().adminUsers(), config.admin());
        FirstStart.ensureDefaultOwner(
                storage.database().workspaces(), storage.database().adminUsers(), config.admin());
        FirstStart.ensureSampleApp(storage.database().apps(), config.sample());
        AdminApi admin = adminApi(node.vertx(), storage, agents, channels, invalidation);
        // Once more after every part created its files (H2, the knowledge index); files created later sit
        // in a directory only this user can enter.
        DataDirectory.restrict(config.dataDir());
        http = started.add(
                HttpFront.listen(config.http(), node, storage.database()::healthy, hazelcast, admin, channels));
    }

    /**
     * Starts a node. When a step fails, what was started is stopped again before the failure is
     * thrown; {@link io.switchboard.gateway.config.ConfigException} means bad configuration.
     */
    public static Gateway start(GatewayConfig config) throws Exception {
        return Closer.startOrClose("gateway", started -> new Gateway(config, started));
    }

    private AdminApi adminApi(
            Vertx vertx, Storage storage, Agents agents, Channels channels, ClusterInvalidation invalidation) {
        Database database = storage.database();
        return AdminApi.create(
                vertx,
                AdminApiConfig.builder()
                        .jwtSecret(storage.jwtSecret())
                        .tokenTtl(config.security().tokenTtl())
                        .accessTokenTtl(
                                config.security()
                                                        .accessTokenTtl()
                                                        .compareTo(config.security()
                                                                .tokenTtl())
                                                > 0
                                        ? config.security().tokenTtl()
                                        : config.security().accessTokenTtl())
                        .maxBodyBytes(adminBodyLimit(config))
                        .build(),
                new AdminBackend(
                        database.apps(),
                        database.providers(),
                        database.apiKeys(),
                        database.adminUsers(),
                        database.turnLogs(),
                        agents.runtime(),
                        invalidation,
                        database.channelBindings(),
                        channels.registry(),
                        agents.knowledge(),
                        agents.skills().backend(),
                        database.summaries(),
                        database.feedback(),
                        agents.moderation(),
                        AppFiles.create(
                                database.apps(),
                                database.appFiles(),
                                database.providers(),
                                agents.knowledge(),
                                agents.skills().backend().workflows(),
                                agents.skills().backend().customTools())),
                new AdminSecurity(
                                new LoginThrottle(
                                        new HazelcastAttemptCounter(hazelcast), LoginPolicy.DEFAULT, Clock.systemUTC()),
                                database.adminSessions(),
                                database.audit(),
                                channels.quotas(),
                                config.security().auditRetention(),
                                database.workspaces(),
                                null,
                                Clock.systemUTC())
                        .withLogins(Logins.create(config, database, hazelcast)));
    }

    /**
     * Admin request bodies must fit a base64-encoded upload. Only authenticated requests are buffered (the
     * admin router checks the token before its body handler).
     */
    private static int adminBodyLimit(GatewayConfig config) {
        long upload = config.knowledge().maxUploadBytes() * 4 / 3 + 64 * 1024;
        return (int) Math.min(64L * 1024 * 1024, Math.max(config.turns().maxBodyBytes(), upload));
    }

    public int port() {
        // 0 until the servers listen (the channel registry may ask for the public URL while starting).
        return http == null ? 0 : http.port();
    }

    /** The address users reach this node at. */
    public String publicUrl() {
        return config.http().publicUrl().isEmpty()
                ? "http://localhost:" + port()
                : config.http().publicUrl();
    }

    public Optional<String> generatedAdminPassword() {
        return generatedAdminPassword;
    }

    /** The root router (for tests that check every route, e.g. against the OpenAPI document). */
    Router router() {
        return http.router();
    }

    /** Where channels hand turns to the runtime (for tests of what every channel shares). */
    io.switchboard.gateway.bridge.RuntimeBridge turns() {
        return channels.bridge();
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** Graceful stop: refuse new turns, let running ones finish, then stop every part in reverse order. */
    @Override
    public void close() throws Exception {
        if (!http.drain(config.turns().shutdownGrace())) {
            LOG.warn(
                    "{} requests ({} turns) still running after {}; stopping anyway",
                    http.activeRequests(),
                    channels.bridge().inFlight(),
                    config.turns().shutdownGrace());
        }
        started.close();
        LOG.info("stopped");
    }
}
