package io.switchboard.gateway.skills;

import io.switchboard.admin.SkillsBackend;
import io.switchboard.gateway.bootstrap.Closer;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.sandbox.CodeRunners;
import io.switchboard.runtime.sandbox.JsSandbox;
import io.switchboard.runtime.sandbox.PythonSandbox;
import io.switchboard.runtime.sandbox.SandboxConfig;
import io.switchboard.runtime.tool.BuiltinTools;
import io.switchboard.runtime.tool.CustomTools;
import io.switchboard.runtime.tool.KnowledgeLookup;
import io.switchboard.runtime.tool.KnowledgeLookups;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolProviderStore;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.runtime.turn.ChatFlow;
import io.switchboard.runtime.workflow.WorkflowChatFlow;
import io.switchboard.runtime.workflow.WorkflowEngine;
import io.switchboard.runtime.workflow.WorkflowService;
import io.switchboard.runtime.workflow.WorkflowStores;
import io.switchboard.runtime.workflow.WorkflowTools;
import io.switchboard.runtime.workflow.WorkflowTriggers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires tools, the code sandbox and workflows for one gateway node, and closes them at shutdown. */
public final class Skills implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Skills.class);

    private final ToolRegistry tools;
    private final CustomTools customTools;
    private final WorkflowService workflows;
    private final Closer started;
    private final WorkflowTriggers triggers;

    private Skills(
            ToolRegistry tools,
            CustomTools customTools,
            WorkflowService workflows,
            WorkflowTriggers triggers,
            Closer started) {
        this.triggers = triggers;
        this.tools = tools;
        this.customTools = customTools;
        this.workflows = workflows;
        this.started = started;
    }

    public static Skills start(
            GatewayConfig config,
            ToolProviderStore toolProviders,
            WorkflowStores workflowStores,
            ModelInvoker models,
            AppCatalog catalog,
            KnowledgeService knowledge)
            throws Exception {
        return Closer.startOrClose(
                "skills", started -> start(config, toolProviders, workflowStores, models, catalog, knowledge, started));
    }

    private static Skills start(
            GatewayConfig config,
            ToolProviderStore toolProviders,
            WorkflowStores workflowStores,
            ModelInvoker models,
            AppCatalog catalog,
            KnowledgeService knowledge,
            Closer started) {
        GatewayConfig.Skills settings = config.skills();
        // Tools and HTTP nodes reach what knowledge fetches may reach: one SSRF allowlist per gateway.
        OutboundHttp http = OutboundHttp.create(NetPolicy.builder()
                .allowlist(config.knowledge().allowlistEntries())
                .build());
        KnowledgeLookup lookup = KnowledgeLookups.from(knowledge);
        ToolRegistry tools = ToolRegistry.create(List.of(BuiltinTools.create(Clock.systemUTC(), http, lookup)));
        CustomTools customTools = started.add(
                CustomTools.create(toolProviders, http, settings.mcpAllowLocalCommands()), CustomTools::close);
        tools.add(customTools);
        JsSandbox sandbox = settings.codeEnabled()
                ? started.add(
                        JsSandbox.create(new SandboxConfig(
                                settings.sandboxWorkers(),
                                settings.sandboxHeapMegabytes(),
                                settings.sandboxStatementLimit(),
                                settings.sandboxMaxTimeout(),
                                null)),
                        JsSandbox::close)
                : null;
        WorkflowEngine engine = WorkflowEngine.builder()
                .models(models, catalog::provider)
                .knowledge(lookup)
                .http(http)
                .tools(tools)
                .code(CodeRunners.of(
                        sandbox,
                        settings.pythonEnabled()
                                ? PythonSandbox.create(
                                        settings.pythonCommand(),
                                        settings.pythonMemoryMegabytes(),
                                        // The code must not read the master key, the config or the database.
                                        List.of(config.dataDir(), Path.of("").toAbsolutePath()))
                                : null))
                .conversationVariables(workflowStores.conversationVariables())
                .build();
        WorkflowService workflows =
                WorkflowService.create(workflowStores, engine, settings.workflowTimeout(), Clock.systemUTC());
        tools.add(WorkflowTools.create(workflows));
        WorkflowTriggers triggers = workflowStores.triggers() == null
                ? null
                : started.add(WorkflowTriggers.create(workflows, Clock.systemUTC()), WorkflowTriggers::close);
        if (triggers != null) {
            // Schedules and human-input timeouts; each tick fires on one member (a database claim).
            triggers.start(WorkflowTriggers.DEFAULT_TICK);
        }
        LOG.info(
                "skills ready: code sandbox {}, local MCP commands {}",
                sandbox == null
                        ? "off"
                        : settings.sandboxWorkers() + " workers of " + settings.sandboxHeapMegabytes() + " MB",
                settings.mcpAllowLocalCommands() ? "allowed" : "refused");
        return new Skills(tools, customTools, workflows, triggers, started);
    }

    public ToolRegistry tools() {
        return tools;
    }

    /** The node's workflow service (runs, pauses, decisions). */
    public WorkflowService workflows() {
        return workflows;
    }

    public ChatFlow chatFlow() {
        return WorkflowChatFlow.create(workflows);
    }

    public SkillsBackend backend() {
        return new SkillsBackend(tools, customTools, workflows, triggers);
    }

    /** Stops the code sandbox's workers and closes the connections to MCP servers. */
    @Override
    public void close() throws Exception {
        started.close();
    }
}
