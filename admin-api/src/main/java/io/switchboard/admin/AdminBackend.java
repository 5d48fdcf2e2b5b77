package io.switchboard.admin;

import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.ApiKeyStore;
import io.switchboard.runtime.app.AppChangeListener;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.app.ChannelBindingStore;
import io.switchboard.runtime.appfile.AppFiles;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.memory.ConversationSummaries;
import io.switchboard.runtime.model.ProviderStore;
import io.switchboard.runtime.moderation.Moderation;
import io.switchboard.runtime.turn.AgentRuntime;
import io.switchboard.runtime.turn.FeedbackStore;
import io.switchboard.runtime.turn.TurnLogStore;
import java.util.Objects;

/**
 * What the admin API works on. The stores are blocking and are only called from virtual threads;
 * {@code changes} is told after every committed change of an app or provider; {@code channelTypes} after
 * every change of a channel binding; {@code skills} may be null when tools and workflows are not wired, {@code moderation} when content
 * moderation is not, {@code appFiles} (app square, export and import) when those are not.
 */
public record AdminBackend(
        AppStore apps,
        ProviderStore providers,
        ApiKeyStore apiKeys,
        AdminUserStore users,
        TurnLogStore turnLogs,
        AgentRuntime runtime,
        AppChangeListener changes,
        ChannelBindingStore channelBindings,
        ChannelTypes channelTypes,
        KnowledgeService knowledge,
        SkillsBackend skills,
        ConversationSummaries summaries,
        FeedbackStore feedback,
        Moderation moderation,
        AppFiles appFiles) {
    public AdminBackend {
        Objects.requireNonNull(apps, "apps");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(turnLogs, "turnLogs");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(channelBindings, "channelBindings");
        channelTypes = channelTypes == null ? ChannelTypes.NONE : channelTypes;
        Objects.requireNonNull(knowledge, "knowledge");
        Objects.requireNonNull(summaries, "summaries");
        Objects.requireNonNull(feedback, "feedback");
    }

    /** Without moderation and app files: their routes are not mounted. */
    public AdminBackend(
            AppStore apps,
            ProviderStore providers,
            ApiKeyStore apiKeys,
            AdminUserStore users,
            TurnLogStore turnLogs,
            AgentRuntime runtime,
            AppChangeListener changes,
            ChannelBindingStore channelBindings,
            ChannelTypes channelTypes,
            KnowledgeService knowledge,
            SkillsBackend skills,
            ConversationSummaries summaries,
            FeedbackStore feedback) {
        this(
                apps,
                providers,
                apiKeys,
                users,
                turnLogs,
                runtime,
                changes,
                channelBindings,
                channelTypes,
                knowledge,
                skills,
                summaries,
                feedback,
                null,
                null);
    }
}
