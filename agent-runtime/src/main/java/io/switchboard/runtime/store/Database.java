package io.switchboard.runtime.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.runtime.access.AdminSessionStore;
import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.ApiKeyStore;
import io.switchboard.runtime.access.WorkspaceStore;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.app.ChannelBindingStore;
import io.switchboard.runtime.audit.AuditStore;
import io.switchboard.runtime.durable.DurableKeyStore;
import io.switchboard.runtime.knowledge.KnowledgeCatalog;
import io.switchboard.runtime.memory.ConversationStore;
import io.switchboard.runtime.memory.ConversationSummaries;
import io.switchboard.runtime.model.ProviderStore;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.tool.ToolProviderStore;
import io.switchboard.runtime.turn.FeedbackStore;
import io.switchboard.runtime.turn.TurnLogStore;
import io.switchboard.runtime.workflow.WorkflowStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relational store: a connection pool over H2 or PostgreSQL, migrated at open, and the stores built on
 * it. All store methods block (JDBC): call them from virtual threads, never from the event loop. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** What makes H2 accept the PostgreSQL dialect of the migrations and sort NULLs the way PostgreSQL does. */
    private static final String[] H2_OPTIONS = {
        "MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH"
    };

    private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");

    private final HikariDataSource dataSource;
    private final AppStore apps;
    private final ProviderStore providers;
    private final ApiKeyStore apiKeys;
    private final AdminUserStore adminUsers;
    private final TurnLogStore turnLogs;
    private final ChannelBindingStore channelBindings;
    private final WorkflowStore workflows;
    private final ToolProviderStore toolProviders;
    private final KnowledgeCatalog knowledge;
    private final DurableKeyStore durableKeys;
    private final ConversationStore conversations;

    private final AdminSessionStore adminSessions;
    private final AuditStore audit;
    private final JdbcConversationVariableStore conversationVariables;
    private final JdbcPausedRunStore pausedRuns;
    private final JdbcTriggerStore triggers;
    private final ConversationSummaries summaries;
    private final FeedbackStore feedback;
    private final JdbcSecondFactorStore secondFactors;
    private final JdbcIdentityLinkStore identityLinks;
    private final JdbcLoginChallengeStore loginChallenges;
    private final JdbcOidcProviderStore oidcProviders;
    private final WorkspaceStore workspaces;
    private final JdbcKeywordLists keywordLists;
    private final JdbcModerationHits moderationHits;
    private final io.switchboard.runtime.appfile.AppFileStore appFiles;

    private Database(HikariDataSource dataSource, SecretBox secrets, Clock clock) {
        this.dataSource = dataSource;
        Jdbc jdbc = new Jdbc(dataSource, clock);
        this.apps = new JdbcAppStore(jdbc);
        this.providers = new JdbcProviderStore(jdbc, secrets);
        this.apiKeys = new JdbcApiKeyStore(jdbc);
        this.adminUsers = new JdbcAdminUserStore(jdbc);
        this.turnLogs = new JdbcTurnLogStore(jdbc);
        this.channelBindings = new JdbcChannelBindingStore(jdbc, secrets);
        this.workflows = new JdbcWorkflowStore(jdbc);
        this.toolProviders = new JdbcToolProviderStore(jdbc, secrets);
        this.knowledge = new JdbcKnowledgeCatalog(jdbc);
        this.durableKeys = new JdbcDurableKeyStore(jdbc);
        this.conversations = new JdbcConversationStore(jdbc);

        this.adminSessions = new JdbcAdminSessionStore(jdbc);
        this.audit = new JdbcAuditStore(jdbc);
        this.conversationVariables = new JdbcConversationVariableStore(jdbc);
        this.pausedRuns = new JdbcPausedRunStore(jdbc);
        this.triggers = new JdbcTriggerStore(jdbc);
        this.summaries = new JdbcConversationSummaries(jdbc);
        this.feedback = new JdbcFeedbackStore(jdbc);
        this.secondFactors = new JdbcSecondFactorStore(jdbc, secrets);
        this.identityLinks = new JdbcIdentityLinkStore(jdbc);
        this.loginChallenges = new JdbcLoginChallengeStore(jdbc, secrets);
        this.oidcProviders = new JdbcOidcProviderStore(jdbc, secrets);
        this.workspaces = new JdbcWorkspaceStore(jdbc);
        this.keywordLists = new JdbcKeywordLists(jdbc);
        this.moderationHits = new JdbcModerationHits(jdbc);
        this.appFiles = new JdbcAppFileStore(jdbc);
    }

    /**
     * Opens the pool, applies pending migrations from {@code classpath:db/migration} and checks that
     * {@code secrets} holds the master key this database's secrets were sealed with.
     *
     * @throws StoreException when the database cannot be reached or migrated, or the master key differs
     */
    public static Database open(DatabaseConfig config, SecretBox secrets) {
        return open(config, secrets, Clock.systemUTC());
    }

    static Database open(DatabaseConfig config, SecretBox secrets, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(secrets, "secrets");
        String url = jdbcUrl(config.jdbcUrl());
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikariConfig(config, url));
        } catch (RuntimeException e) {
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot connect to the database at " + redacted(url) + ": "
                    + scrub(String.valueOf(reason.getMessage()), config, url));
        }
        try {
            migrate(config, url);
            new MasterKeyCheck(new Jdbc(dataSource, clock), secrets).verify();
            LOG.info("database ready at {}", redacted(url));
            return new Database(dataSource, secrets, clock);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Imports of app files: an app and its workflows in one transaction. */
    public io.switchboard.runtime.appfile.AppFileStore appFiles() {
        return appFiles;
    }

    /** Apps and their versions. */
    public AppStore apps() {
        return apps;
    }

    /** Model providers, keys sealed at rest. */
    public ProviderStore providers() {
        return providers;
    }

    /** Developer-API keys (hashes only). */
    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    /** Administrators. */
    public AdminUserStore adminUsers() {
        return adminUsers;
    }

    /** Conversation logs. */
    public TurnLogStore turnLogs() {
        return turnLogs;
    }

    /** Channel accounts bound to apps, settings sealed at rest. */
    public ChannelBindingStore channelBindings() {
        return channelBindings;
    }

    /** Workflows, their versions and run traces. */
    public WorkflowStore workflows() {
        return workflows;
    }

    /** OpenAPI imports and MCP servers, settings sealed at rest. */
    /** Workflows, their conversation variables, paused runs and triggers. */
    public io.switchboard.runtime.workflow.WorkflowStores workflowStores() {
        return new io.switchboard.runtime.workflow.WorkflowStores(
                workflows, conversationVariables, pausedRuns, triggers);
    }

    public ToolProviderStore toolProviders() {
        return toolProviders;
    }

    /** Knowledge bases, documents, chunks and their links to apps. */
    public KnowledgeCatalog knowledge() {
        return knowledge;
    }

    /** Keyed values with an expiry that outlive the cluster's memory (channel offsets, handled update ids). */
    public DurableKeyStore durableKeys() {
        return durableKeys;
    }

    /** Conversation memory written through from the cluster, so that a restart forgets nothing. */
    public ConversationStore conversations() {
        return conversations;
    }

    /** Long-term memory: the rolling summary of each conversation. */
    public ConversationSummaries summaries() {
        return summaries;
    }

    /** End users' thumbs up/down on answers. */
    public FeedbackStore feedback() {
        return feedback;
    }

    /** Moderation keyword lists, an app's own and shared ones. */
    public io.switchboard.runtime.moderation.KeywordLists keywordLists() {
        return keywordLists;
    }

    /** Recorded moderation hits. */
    public io.switchboard.runtime.moderation.ModerationHits moderationHits() {
        return moderationHits;
    }

    /** True when a pooled connection answers within a second; for the readiness probe. Blocking. */
    public AdminSessionStore adminSessions() {
        return adminSessions;
    }

    /** TOTP secrets and recovery codes of admins (issue 13). */
    public io.switchboard.runtime.access.SecondFactorStore secondFactors() {
        return secondFactors;
    }

    /** Phone, WeChat, WeCom and OIDC identities linked to admins. */
    /** OIDC providers managed through the admin API (issue 13). */
    public io.switchboard.runtime.access.OidcProviderStore oidcProviders() {
        return oidcProviders;
    }

    public io.switchboard.runtime.access.IdentityLinkStore identityLinks() {
        return identityLinks;
    }

    /** SMS codes and OAuth states of logins in progress, shared by every member. */
    public io.switchboard.runtime.access.LoginChallengeStore loginChallenges() {
        return loginChallenges;
    }

    public AuditStore audit() {
        return audit;
    }

    /** Workspaces, members, invitations and which workspace each resource belongs to. */
    public WorkspaceStore workspaces() {
        return workspaces;
    }

    public boolean healthy() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** For H2, appends the compatibility options the migrations need unless the URL sets them already. */
    static String jdbcUrl(String configured) {
        if (!configured.startsWith("jdbc:h2:")) {
            return configured;
        }
        StringBuilder url = new StringBuilder(configured);
        String upper = configured.toUpperCase(Locale.ROOT);
        for (String option : H2_OPTIONS) {
            String name = option.substring(0, option.indexOf('=') + 1);
            if (!upper.contains(";" + name)) {
                url.append(';').append(option);
            }
        }
        return url.toString();
    }

    private static HikariConfig hikariConfig(DatabaseConfig config, String url) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("switchboard-db");
        hikari.setJdbcUrl(url);
        hikari.setUsername(config.username());
        if (config.password() != null) {
            hikari.setPassword(config.password().reveal());
        }
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setConnectionTimeout(10_000);
        if (url.startsWith("jdbc:postgresql:")) {
            // Server error details quote row values (message bodies); keep them out of exception messages.
            hikari.addDataSourceProperty("logServerErrorDetail", "false");
        }
        return hikari;
    }

    private static void migrate(DatabaseConfig config, String url) {
        // Flyway gets its own connections: it holds two at once, which a pool of one could never give it.
        String password = config.password() == null ? null : config.password().reveal();
        var flyway = Flyway.configure(Database.class.getClassLoader())
                .dataSource(url, config.username(), password)
                .locations("classpath:db/migration")
                // Version numbers are reserved in ranges per capability (docs: the migration folder), so a
                // release can bring V50 to a database that already has V102: apply it, do not refuse.
                .outOfOrder(true);
        Matcher schema = CURRENT_SCHEMA.matcher(url);
        if (schema.find()) {
            flyway.schemas(schema.group(1)).defaultSchema(schema.group(1));
        }
        try {
            flyway.load().migrate();
        } catch (FlywayException e) {
            throw new StoreException("database migration failed at " + redacted(url) + ": " + e.getMessage(), e);
        }
    }

    /** A driver message without the password or the URL's parameters, which may carry credentials. */
    private static String scrub(String message, DatabaseConfig config, String url) {
        String scrubbed = message.replace(url, redacted(url));
        if (config.password() != null) {
            scrubbed = scrubbed.replace(config.password().reveal(), "***");
        }
        return scrubbed;
    }

    /** The URL without its parameters, which may carry credentials. */
    private static String redacted(String url) {
        int end = url.length();
        for (char separator : new char[] {'?', ';'}) {
            int index = url.indexOf(separator);
            if (index >= 0) {
                end = Math.min(end, index);
            }
        }
        return url.substring(0, end);
    }
}
