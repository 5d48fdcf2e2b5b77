package io.switchboard.runtime.turn;

import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.memory.ConversationMemory;
import io.switchboard.runtime.memory.ConversationSummaries;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.SpeechToText;
import io.switchboard.runtime.moderation.Moderation;
import io.switchboard.runtime.offline.QaMatcher;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.threads.VirtualThreads;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wires the runtime; every collaborator except contributors and listeners is required. */
public final class StandardAgentRuntimeBuilder {
    AppCatalog catalog;
    ConversationMemory memory;
    QaMatcher qaMatcher;
    ModelInvoker models;
    final List<PromptContributor> contributors = new ArrayList<>();
    final List<TurnListener> listeners = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    ToolRegistry tools;
    ChatFlow chatFlow;
    ExecutorService toolExecutor;
    SpeechToText speech;
    ConversationSummaries summaries;
    Executor afterTurnExecutor;
    KnowledgeService knowledge;
    Moderation moderation;

    /** Transcribes voice messages for apps with speech settings; without it they get a fixed reply. */
    public StandardAgentRuntimeBuilder speech(SpeechToText speech) {
        this.speech = speech;
        return this;
    }

    /**
     * Keeps the long-term summaries of apps whose memory settings ask for one; without it no summary is
     * written or read.
     */
    public StandardAgentRuntimeBuilder summaries(ConversationSummaries summaries) {
        this.summaries = summaries;
        return this;
    }

    /**
     * Where the work after a turn runs (long-term summaries, follow-up suggestions); virtual threads unless
     * set (tests run it inline).
     */
    public StandardAgentRuntimeBuilder afterTurnExecutor(Executor executor) {
        this.afterTurnExecutor = executor;
        return this;
    }

    /** Where bound tools come from; without it apps answer without tools. */
    public StandardAgentRuntimeBuilder tools(ToolRegistry tools) {
        this.tools = tools;
        return this;
    }

    /** Runs apps whose skills name a chat flow; without it the chat flow setting is ignored. */
    public StandardAgentRuntimeBuilder chatFlow(ChatFlow chatFlow) {
        this.chatFlow = chatFlow;
        return this;
    }

    public StandardAgentRuntimeBuilder catalog(AppCatalog catalog) {
        this.catalog = catalog;
        return this;
    }

    public StandardAgentRuntimeBuilder memory(ConversationMemory memory) {
        this.memory = memory;
        return this;
    }

    public StandardAgentRuntimeBuilder qaMatcher(QaMatcher qaMatcher) {
        this.qaMatcher = qaMatcher;
        return this;
    }

    public StandardAgentRuntimeBuilder models(ModelInvoker models) {
        this.models = models;
        return this;
    }

    public StandardAgentRuntimeBuilder contributor(PromptContributor contributor) {
        contributors.add(contributor);
        return this;
    }

    /**
     * Retrieves from {@code knowledge} before every turn of an app with linked knowledge (after rewriting a
     * follow-up with the app's model when the link asks for it).
     */
    public StandardAgentRuntimeBuilder knowledge(KnowledgeService knowledge) {
        this.knowledge = knowledge;
        return this;
    }

    /** Moderates the turns of apps with moderation settings; without it those settings are ignored. */
    public StandardAgentRuntimeBuilder moderation(Moderation moderation) {
        this.moderation = moderation;
        return this;
    }

    public StandardAgentRuntimeBuilder listener(TurnListener listener) {
        listeners.add(listener);
        return this;
    }

    public StandardAgentRuntimeBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public StandardAgentRuntime build() {
        if (catalog == null || memory == null || qaMatcher == null || models == null) {
            throw new IllegalStateException("catalog, memory, qaMatcher and models are required");
        }
        // Tool calls run on virtual threads: most wait on the network.
        toolExecutor = Executors.newThreadPerTaskExecutor(VirtualThreads.factory("tool"));
        if (afterTurnExecutor == null) {
            afterTurnExecutor = runnable -> VirtualThreads.start("after-turn", runnable);
        }
        return new StandardAgentRuntime(this);
    }
}
