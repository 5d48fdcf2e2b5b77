package io.switchboard.gateway.config;

import io.switchboard.admin.AdminApiConfig;
import io.switchboard.admin.AdminSecurity;
import io.switchboard.channels.telegram.TelegramOptions;
import io.switchboard.channels.wechat.WeChatOptions;
import io.switchboard.gateway.http.ConnectionGuard;
import io.switchboard.gateway.quota.Quotas;
import io.switchboard.runtime.knowledge.KnowledgeEngine;
import io.switchboard.runtime.knowledge.KnowledgeLimits;
import io.switchboard.runtime.knowledge.MilvusKnowledgeStore;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.sandbox.PythonSandbox;
import io.switchboard.runtime.sandbox.SandboxConfig;
import io.switchboard.runtime.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;

/** The whole gateway configuration, parsed and validated once at start. */
public record GatewayConfig(
        Http http,
        Path dataDir,
        Database database,
        Cluster cluster,
        Security security,
        Admin admin,
        Sample sample,
        Turns turns,
        Weixin weixin,
        Telegram telegram,
        Knowledge knowledge,
        Skills skills,
        Quotas.Limits quotas,
        WeixinFamily.AiBot wecomAibot,
        WeixinFamily.Kf wechatKf,
        WeixinFamily.Ilink wechatIlink,
        LoginConfig login,
        TracingConfig tracing,
        LoggingConfig logging) {

    public GatewayConfig {
        require(http, "http");
        require(dataDir, "dataDir");
        require(database, "database");
        require(cluster, "cluster");
        require(security, "security");
        require(admin, "admin");
        require(sample, "sample");
        require(turns, "turns");
        weixin = weixin == null ? Weixin.DEFAULTS : weixin;
        telegram = telegram == null ? Telegram.DEFAULTS : telegram;
        knowledge = knowledge == null ? Knowledge.DEFAULT : knowledge;
        skills = skills == null ? Skills.DEFAULT : skills;
        quotas = quotas == null ? Quotas.Limits.NONE : quotas;
        wecomAibot = wecomAibot == null ? WeixinFamily.AiBot.DEFAULTS : wecomAibot;
        wechatKf = wechatKf == null ? WeixinFamily.Kf.DEFAULTS : wechatKf;
        wechatIlink = wechatIlink == null ? WeixinFamily.Ilink.DEFAULTS : wechatIlink;
        login = login == null ? LoginConfig.DEFAULT : login;
        tracing = tracing == null ? TracingConfig.OFF : tracing;
        logging = logging == null ? LoggingConfig.DEFAULT : logging;
        if (!cluster.members().isEmpty()) {
            cluster.requireSafeRecoveryGrace("weixin.recoveryGrace", weixin.recoveryGrace());
            cluster.requireSafeRecoveryGrace("telegram.recoveryGrace", telegram.recoveryGrace());
            cluster.requireSafeRecoveryGrace("wecomAibot.recoveryGrace", wecomAibot.recoveryGrace());
            cluster.requireSafeRecoveryGrace("wechatKf.recoveryGrace", wechatKf.recoveryGrace());
            cluster.requireSafeRecoveryGrace("wechatIlink.recoveryGrace", wechatIlink.recoveryGrace());
        }
    }

    /**
     * Tools and workflows: the code-node sandbox (worker JVMs, each with its own heap as the memory limit),
     * whether MCP servers may be local commands, and the overall time limit of a workflow run. Outbound
     * calls of tools and HTTP nodes use the knowledge section's network allowlist. Python code nodes run
     * in an operating-system sandbox (Linux user namespaces) only when {@code pythonEnabled}.
     */
    public record Skills(
            boolean codeEnabled,
            int sandboxWorkers,
            int sandboxHeapMegabytes,
            long sandboxStatementLimit,
            Duration sandboxMaxTimeout,
            boolean mcpAllowLocalCommands,
            Duration workflowTimeout,
            boolean pythonEnabled,
            String pythonCommand,
            int pythonMemoryMegabytes) {
        public static final Skills DEFAULT = new Skills(
                true,
                SandboxConfig.DEFAULT_WORKERS,
                SandboxConfig.DEFAULT_HEAP_MEGABYTES,
                SandboxConfig.DEFAULT_STATEMENT_LIMIT,
                SandboxConfig.DEFAULT_MAX_TIMEOUT,
                false,
                WorkflowEngine.DEFAULT_TIMEOUT,
                false,
                PythonSandbox.DEFAULT_COMMAND,
                PythonSandbox.DEFAULT_MEMORY_MEGABYTES);

        public Skills {
            if (sandboxWorkers < 1 || sandboxWorkers > 16) {
                throw new IllegalArgumentException("skills.sandboxWorkers must be between 1 and 16");
            }
            if (sandboxHeapMegabytes < 32 || sandboxHeapMegabytes > 4096) {
                throw new IllegalArgumentException("skills.sandboxHeapMegabytes must be between 32 and 4096");
            }
            if (sandboxStatementLimit < 10_000 || sandboxStatementLimit > 1_000_000_000L) {
                throw new IllegalArgumentException("skills.sandboxStatementLimit must be between 10000 and 1000000000");
            }
            if (sandboxMaxTimeout == null || sandboxMaxTimeout.isNegative() || sandboxMaxTimeout.isZero()) {
                throw new IllegalArgumentException("skills.sandboxMaxTimeout must be positive, e.g. PT30S");
            }
            if (workflowTimeout == null || workflowTimeout.isNegative() || workflowTimeout.isZero()) {
                throw new IllegalArgumentException("skills.workflowTimeout must be positive, e.g. PT60S");
            }
            pythonCommand =
                    pythonCommand == null || pythonCommand.isBlank() ? PythonSandbox.DEFAULT_COMMAND : pythonCommand;
            if (pythonEnabled && (pythonMemoryMegabytes < 32 || pythonMemoryMegabytes > 4096)) {
                throw new IllegalArgumentException("skills.pythonMemoryMegabytes must be between 32 and 4096");
            }
        }
    }

    /** The required sections, then the optional ones (their defaults unless set). */
    public static Builder builder() {
        return new Builder();
    }

    /** Optional sections left unset get their defaults; a missing required one fails {@link #build()}. */
    public static final class Builder {
        private Http http;
        private Path dataDir;
        private Database database;
        private Cluster cluster;
        private Security security;
        private Admin admin;
        private Sample sample;
        private Turns turns;
        private Weixin weixin;
        private Telegram telegram;
        private Knowledge knowledge;
        private Skills skills;
        private Quotas.Limits quotas;
        private WeixinFamily.AiBot wecomAibot;
        private WeixinFamily.Kf wechatKf;
        private WeixinFamily.Ilink wechatIlink;
        private LoginConfig login;
        private TracingConfig tracing;
        private LoggingConfig logging;

        private Builder() {}

        public Builder tracing(TracingConfig tracing) {
            this.tracing = tracing;
            return this;
        }

        public Builder logging(LoggingConfig logging) {
            this.logging = logging;
            return this;
        }

        public Builder login(LoginConfig login) {
            this.login = login;
            return this;
        }

        public Builder wecomAibot(WeixinFamily.AiBot wecomAibot) {
            this.wecomAibot = wecomAibot;
            return this;
        }

        public Builder wechatKf(WeixinFamily.Kf wechatKf) {
            this.wechatKf = wechatKf;
            return this;
        }

        public Builder wechatIlink(WeixinFamily.Ilink wechatIlink) {
            this.wechatIlink = wechatIlink;
            return this;
        }

        public Builder quotas(Quotas.Limits quotas) {
            this.quotas = quotas;
            return this;
        }

        public Builder http(Http http) {
            this.http = http;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        public Builder cluster(Cluster cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder security(Security security) {
            this.security = security;
            return this;
        }

        public Builder admin(Admin admin) {
            this.admin = admin;
            return this;
        }

        public Builder sample(Sample sample) {
            this.sample = sample;
            return this;
        }

        public Builder turns(Turns turns) {
            this.turns = turns;
            return this;
        }

        public Builder weixin(Weixin weixin) {
            this.weixin = weixin;
            return this;
        }

        public Builder telegram(Telegram telegram) {
            this.telegram = telegram;
            return this;
        }

        public Builder knowledge(Knowledge knowledge) {
            this.knowledge = knowledge;
            return this;
        }

        public Builder skills(Skills skills) {
            this.skills = skills;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or invalid section */
        public GatewayConfig build() {
            return new GatewayConfig(
                    http,
                    dataDir,
                    database,
                    cluster,
                    security,
                    admin,
                    sample,
                    turns,
                    weixin,
                    telegram,
                    knowledge,
                    skills,
                    quotas,
                    wecomAibot,
                    wechatKf,
                    wechatIlink,
                    login,
                    tracing,
                    logging);
        }
    }

    /**
     * @param idleTimeout a connection reading and writing nothing this long is closed
     * @param headerReadTimeout time to send a request's headers (from connecting or the previous answer)
     * @param bodyReadTimeout time to send a request's body after its headers (then 408)
     * @param maxConnectionsPerAddress open connections per client address; 0 for no cap (behind a proxy)
     */
    public record Http(
            String host,
            int port,
            String publicUrl,
            int instances,
            Duration idleTimeout,
            Duration headerReadTimeout,
            Duration bodyReadTimeout,
            Integer maxConnectionsPerAddress) {
        /** The connection limits at their defaults ({@link ConnectionGuard}'s {@code DEFAULT_*}). */
        public Http(String host, int port, String publicUrl, int instances) {
            this(host, port, publicUrl, instances, null, null, null, null);
        }

        public Http {
            maxConnectionsPerAddress = maxConnectionsPerAddress == null
                    ? ConnectionGuard.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS
                    : maxConnectionsPerAddress;
            ConnectionGuard.Limits limits = new ConnectionGuard.Limits(
                    idleTimeout, headerReadTimeout, bodyReadTimeout, maxConnectionsPerAddress);
            idleTimeout = limits.idleTimeout();
            headerReadTimeout = limits.headerReadTimeout();
            bodyReadTimeout = limits.bodyReadTimeout();
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("http.host must not be blank (use 0.0.0.0 for every interface)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("http.port must be between 0 and 65535, got " + port);
            }
            if (instances < 0 || instances > 256) {
                throw new IllegalArgumentException("http.instances must be between 0 (one per core) and 256");
            }
            publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
        }

        public ConnectionGuard.Limits limits() {
            return new ConnectionGuard.Limits(
                    idleTimeout, headerReadTimeout, bodyReadTimeout, maxConnectionsPerAddress);
        }
    }

    public record Database(String url, String username, String password, int maxPoolSize) {
        public Database {
            if (url == null || !(url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"))) {
                throw new IllegalArgumentException(
                        "database.url must start with jdbc:h2: or jdbc:postgresql:, got: " + url);
            }
        }

        @Override
        public String toString() {
            return "Database[url=" + url + ", username=" + username + ", password=***]";
        }
    }

    /**
     * @param members comma-separated host[:port] of other members; empty for a single member
     * @param networkInterface the address to bind and announce (e.g. 10.0.0.5, on a private network);
     *     required with {@code members}; without members the member listens on 127.0.0.1 only
     */
    /**
     * @param memoryWriteDelay how long conversation memory may wait before it is written to the database
     *     (write-behind, changes to one conversation coalesced, queued on the key's backup member too, flushed
     *     on a graceful shutdown); zero writes each change through before the turn returns. Default
     *     {@link #DEFAULT_MEMORY_WRITE_DELAY}.
     */
    /**
     * @param failureDetection how long a member may go without heartbeats before the others declare it
     *     dead and take over its partitions (Hazelcast's {@code hazelcast.max.no.heartbeat.seconds}; its own
     *     default, 60 s, equals the channels' 60 s recovery grace, which is unsafe: see
     *     {@link #requireSafeRecoveryGrace})
     */
    public record Cluster(
            Path config,
            String clusterName,
            String members,
            int port,
            String networkInterface,
            Duration memoryWriteDelay,
            Duration failureDetection) {
        public static final Duration DEFAULT_MEMORY_WRITE_DELAY = Duration.ofSeconds(1);
        /**
         * 15 s: three heartbeats (every 3 s) missed five times over before a member is taken for dead — long
         * enough for a GC pause or a loaded machine, short enough for the channels' recovery graces (30 s and
         * 60 s by default) to stay safe by {@link #requireSafeRecoveryGrace}.
         */
        public static final Duration DEFAULT_FAILURE_DETECTION = Duration.ofSeconds(15);
        /** Beyond the detection itself: the dead member's partitions promoted on their backups. */
        public static final Duration RECOVERY_MARGIN = Duration.ofSeconds(10);

        public Cluster(
                Path config,
                String clusterName,
                String members,
                int port,
                String networkInterface,
                Duration memoryWriteDelay) {
            this(config, clusterName, members, port, networkInterface, memoryWriteDelay, null);
        }

        public Cluster {
            failureDetection = failureDetection == null ? DEFAULT_FAILURE_DETECTION : failureDetection;
            if (failureDetection.toMillis() % 1000 != 0
                    || failureDetection.compareTo(Duration.ofSeconds(2)) < 0
                    || failureDetection.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException(
                        "cluster.failureDetection must be a whole number of seconds from PT2S to PT5M, e.g. PT15S, got "
                                + failureDetection);
            }
            memoryWriteDelay = memoryWriteDelay == null ? DEFAULT_MEMORY_WRITE_DELAY : memoryWriteDelay;
            if (memoryWriteDelay.isNegative() || memoryWriteDelay.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException(
                        "cluster.memoryWriteDelay must be zero or a whole number of seconds, got " + memoryWriteDelay);
            }
            if (clusterName == null || clusterName.isBlank()) {
                throw new IllegalArgumentException("cluster.clusterName must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("cluster.port must be between 1 and 65535");
            }
            members = members == null ? "" : members.strip();
            networkInterface = networkInterface == null ? "" : networkInterface.strip();
            if (!members.isEmpty() && (networkInterface.isEmpty() || networkInterface.contains("*"))) {
                throw new IllegalArgumentException("cluster.networkInterface must name this member's address on the"
                        + " private cluster network (e.g. 10.0.0.5) when cluster.members is set: Hazelcast has no"
                        + " member authentication, so the cluster port must not listen on every interface");
            }
        }

        /** Hazelcast's heartbeat period: a fifth of the detection, 1 to 5 s. */
        public Duration heartbeatInterval() {
            return Duration.ofSeconds(Math.clamp(failureDetection.toSeconds() / 5, 1, 5));
        }

        /**
         * Refuses a channel recovery grace that can answer a message twice. A member's heartbeat lives in
         * shared state with a time-to-live of the grace, renewed every quarter grace; while a crashed member
         * is not yet declared dead (up to {@code failureDetection}) and its partitions are being promoted on
         * their backups ({@link #RECOVERY_MARGIN}), the heartbeats kept in those partitions cannot be renewed.
         * If they expire meanwhile, live members are taken for dead and their messages answered again. So
         * the grace must be at least {@code failureDetection + margin} and twice {@code failureDetection}.
         */
        void requireSafeRecoveryGrace(String key, Duration grace) {
            Duration least = failureDetection.plus(RECOVERY_MARGIN);
            if (least.compareTo(failureDetection.multipliedBy(2)) < 0) {
                least = failureDetection.multipliedBy(2);
            }
            if (grace.compareTo(least) < 0) {
                throw new IllegalArgumentException(key + " " + grace + " is too short for cluster.failureDetection "
                        + failureDetection + ": a member that crashed is declared dead only after the detection, and"
                        + " until then live members' heartbeats can expire and their messages be answered twice;"
                        + " set " + key + " to at least " + least + " (failureDetection + " + RECOVERY_MARGIN
                        + " and twice failureDetection) or shorten cluster.failureDetection");
            }
        }
    }

    /**
     * @param tokenTtl how long an admin login (session) lasts with refreshes
     * @param accessTokenTtl how long one admin access token lasts (then the console refreshes it)
     * @param auditRetention how long audit-log entries are kept
     */
    public record Security(
            String masterKey, String jwtSecret, Duration tokenTtl, Duration accessTokenTtl, Duration auditRetention) {
        public Security(String masterKey, String jwtSecret, Duration tokenTtl) {
            this(masterKey, jwtSecret, tokenTtl, null, null);
        }

        public Security {
            auditRetention = auditRetention == null ? AdminSecurity.DEFAULT_AUDIT_RETENTION : auditRetention;
            accessTokenTtl = accessTokenTtl == null ? AdminApiConfig.DEFAULT_ACCESS_TOKEN_TTL : accessTokenTtl;
            masterKey = masterKey == null ? "" : masterKey.strip();
            jwtSecret = jwtSecret == null ? "" : jwtSecret.strip();
            if (!jwtSecret.isEmpty() && jwtSecret.length() < 32) {
                throw new IllegalArgumentException("security.jwtSecret must be at least 32 characters");
            }
            if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
                throw new IllegalArgumentException(
                        "security.tokenTtl must be a positive ISO-8601 duration, e.g. PT12H");
            }
            if (auditRetention.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException(AdminSecurity.AUDIT_RETENTION_TOO_SHORT);
            }
        }

        @Override
        public String toString() {
            return "Security[masterKey=***, jwtSecret=***, tokenTtl=" + tokenTtl + ", accessTokenTtl=" + accessTokenTtl
                    + "]";
        }
    }

    public record Admin(String username, String password) {
        public Admin {
            if (username == null || !username.matches("[A-Za-z0-9_.@-]{1,64}")) {
                throw new IllegalArgumentException("admin.username must be 1-64 letters, digits or _.@-");
            }
            password = password == null ? "" : password;
            if (!password.isEmpty() && password.length() < 12) {
                throw new IllegalArgumentException(
                        "admin.password (SWITCHBOARD_ADMIN_PASSWORD) must be at least 12 characters");
            }
        }

        @Override
        public String toString() {
            return "Admin[username=" + username + ", password=***]";
        }
    }

    public record Sample(String appId, Path file) {}

    public record Turns(Duration shutdownGrace, int logQueue, int maxBodyBytes) {
        public Turns {
            if (shutdownGrace == null || shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("turns.shutdownGrace must be a non-negative duration, e.g. PT30S");
            }
            if (logQueue < 100) {
                throw new IllegalArgumentException("turns.logQueue must be at least 100");
            }
            if (maxBodyBytes < 1024 || maxBodyBytes > 64 * 1024 * 1024) {
                throw new IllegalArgumentException("turns.maxBodyBytes must be between 1024 and 67108864");
            }
        }
    }

    /**
     * Timing of the WeChat and WeCom channels (optional section; WeChat's documented values by default).
     * Only tests and unusual deployments change it.
     *
     * @param platformDeadline how long WeChat waits for a callback's answer
     * @param passiveBudget how long a callback waits for the model before answering otherwise
     * @param replayWindow how far a callback's timestamp may be from now
     */
    public record Weixin(
            Duration platformDeadline, Duration passiveBudget, Duration replayWindow, Duration recoveryGrace) {
        public static final Weixin DEFAULTS = new Weixin(null, null, null, null);

        public Weixin {
            recoveryGrace = recoveryGrace == null ? WeChatOptions.DEFAULT_RECOVERY_GRACE : recoveryGrace;
            if (recoveryGrace.compareTo(Duration.ofMillis(200)) < 0) {
                throw new IllegalArgumentException("weixin.recoveryGrace must be at least PT0.2S, e.g. PT60S");
            }
            platformDeadline = platformDeadline == null ? WeChatOptions.DEFAULT_PLATFORM_DEADLINE : platformDeadline;
            passiveBudget = passiveBudget == null ? WeChatOptions.DEFAULT_PASSIVE_BUDGET : passiveBudget;
            replayWindow = replayWindow == null ? WeChatOptions.DEFAULT_REPLAY_WINDOW : replayWindow;
            if (platformDeadline.isNegative()
                    || platformDeadline.isZero()
                    || passiveBudget.isNegative()
                    || passiveBudget.isZero()
                    || passiveBudget.compareTo(platformDeadline) >= 0) {
                throw new IllegalArgumentException("weixin.passiveBudget must be positive and shorter than"
                        + " weixin.platformDeadline (e.g. PT4.3S of PT5S)");
            }
            if (replayWindow.isNegative() || replayWindow.isZero()) {
                throw new IllegalArgumentException("weixin.replayWindow must be a positive duration, e.g. PT5M");
            }
        }
    }

    /**
     * Knowledge bases: the engine ({@code lucene}, on disk under {@code <dataDir>/knowledge}, or
     * {@code milvus} at {@code milvusUri}), ingestion and crawl limits, and the SSRF allowlist (comma-separated
     * IPs or CIDR blocks that fetches may reach although internal; empty by default).
     */
    public record Knowledge(
            KnowledgeEngine engine,
            String milvusUri,
            String milvusToken,
            String milvusCollection,
            long maxUploadBytes,
            int ingestionConcurrency,
            int crawlMaxPages,
            int crawlMaxDepth,
            String allowlist,
            long fetchMaxBytes,
            Duration fetchTimeout) {
        public static final Knowledge DEFAULT = new Knowledge(
                KnowledgeEngine.LUCENE,
                "",
                "",
                MilvusKnowledgeStore.DEFAULT_COLLECTION_PREFIX,
                KnowledgeLimits.DEFAULT_MAX_UPLOAD_BYTES,
                KnowledgeLimits.DEFAULT_INGESTION_CONCURRENCY,
                KnowledgeLimits.DEFAULT_CRAWL_MAX_PAGES,
                KnowledgeLimits.DEFAULT_CRAWL_MAX_DEPTH,
                "",
                NetPolicy.DEFAULT_MAX_RESPONSE_BYTES,
                NetPolicy.DEFAULT_TOTAL_TIMEOUT);

        public Knowledge {
            engine = engine == null ? KnowledgeEngine.LUCENE : engine;
            if (engine == KnowledgeEngine.MILVUS && (milvusUri == null || milvusUri.isBlank())) {
                throw new IllegalArgumentException("knowledge.milvusUri is required when knowledge.engine is milvus");
            }
            milvusCollection = milvusCollection == null || milvusCollection.isBlank()
                    ? MilvusKnowledgeStore.DEFAULT_COLLECTION_PREFIX
                    : milvusCollection;
            if (maxUploadBytes < 1024 || maxUploadBytes > 48L * 1024 * 1024) {
                throw new IllegalArgumentException("knowledge.maxUploadBytes must be between 1024 and 50331648");
            }
            if (fetchMaxBytes < 1024 || fetchTimeout == null || fetchTimeout.isNegative() || fetchTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "knowledge.fetchMaxBytes must be at least 1024 and knowledge.fetchTimeout positive, e.g. PT20S");
            }
            allowlist = allowlist == null ? "" : allowlist;
        }

        /** The allowlist entries. */
        public java.util.List<String> allowlistEntries() {
            return java.util.Arrays.stream(allowlist.split(","))
                    .map(String::strip)
                    .filter(entry -> !entry.isEmpty())
                    .toList();
        }

        @Override
        public String toString() {
            return "Knowledge[engine=" + engine.wireName() + ", milvusUri=" + milvusUri + ", milvusToken=***]";
        }
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("missing configuration section '" + name + "'");
        }
    }

    /**
     * The Telegram channel. Every field may be left out (null or 0): Telegram's defaults apply.
     *
     * @param apiBaseUrl the Bot API server (a local Bot API server, or a fake in tests)
     * @param pollTimeout long-poll timeout for bindings in polling mode
     * @param leaseTtl how long a stopped member keeps the polling lease before another takes over
     * @param chatInterval minimum time between two messages to one chat
     * @param groupMessagesPerMinute messages per minute to one group
     * @param botMessagesPerSecond messages per second from one bot
     * @param streamInterval how often a streamed answer's preview is refreshed
     * @param recoveryGrace how long an accepted update whose member died stays unanswered before
     *     another member answers it
     */
    public record Telegram(
            String apiBaseUrl,
            Duration pollTimeout,
            Duration leaseTtl,
            Duration chatInterval,
            int groupMessagesPerMinute,
            int botMessagesPerSecond,
            Duration streamInterval,
            Duration recoveryGrace) {
        public static final Telegram DEFAULTS = new Telegram(null, null, null, null, 0, 0, null, null);

        public Telegram {
            apiBaseUrl = apiBaseUrl == null || apiBaseUrl.isBlank()
                    ? TelegramOptions.DEFAULT_API_BASE_URL
                    : apiBaseUrl.strip();
            pollTimeout = pollTimeout == null ? TelegramOptions.DEFAULT_POLL_TIMEOUT : pollTimeout;
            leaseTtl = leaseTtl == null ? TelegramOptions.DEFAULT_LEASE_TTL : leaseTtl;
            chatInterval = chatInterval == null ? TelegramOptions.DEFAULT_CHAT_INTERVAL : chatInterval;
            groupMessagesPerMinute = groupMessagesPerMinute == 0
                    ? TelegramOptions.DEFAULT_GROUP_MESSAGES_PER_MINUTE
                    : groupMessagesPerMinute;
            botMessagesPerSecond =
                    botMessagesPerSecond == 0 ? TelegramOptions.DEFAULT_BOT_MESSAGES_PER_SECOND : botMessagesPerSecond;
            streamInterval = streamInterval == null ? TelegramOptions.DEFAULT_STREAM_INTERVAL : streamInterval;
            recoveryGrace = recoveryGrace == null ? TelegramOptions.DEFAULT_RECOVERY_GRACE : recoveryGrace;
        }
    }
}
