package io.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.access.WorkspaceStore;
import io.switchboard.runtime.app.AppConfig;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The workspace a request acts in, with the caller's role: set by {@link WorkspaceGuard} before a
 * workspace route runs. Routes use it to put what they create into the workspace, to list only its
 * resources and to refuse references to another workspace's. The methods block: call them from virtual
 * threads.
 */
record WorkspaceScope(String workspaceId, String username, WorkspaceRole role, WorkspaceStore store) {
    static final String KEY = "switchboard.workspace";

    /**
     * The scope of a workspace route.
     *
     * @throws IllegalStateException when the guard did not run (a route without a workspace rule)
     */
    static WorkspaceScope of(RoutingContext ctx) {
        WorkspaceScope scope = ctx.get(KEY);
        if (scope == null) {
            throw new IllegalStateException("no workspace for " + ctx.request().path());
        }
        return scope;
    }

    /** Puts a resource just created into this workspace. */
    void claim(ResourceKind kind, String id) {
        store.assign(kind, id, workspaceId);
    }

    /** Which ids of {@code kind} belong to this workspace (unassigned ones belong to the default workspace). */
    Predicate<String> visible(ResourceKind kind) {
        Map<String, String> assigned = store.assignments(kind);
        return id -> workspaceId.equals(assigned.getOrDefault(id, Workspace.DEFAULT_ID));
    }

    /**
     * Which ids of {@code kind} are not another workspace's: for the tool square, where built-in tool
     * providers belong to no workspace and are offered in every one.
     */
    Predicate<String> notElsewhere(ResourceKind kind) {
        Map<String, String> assigned = store.assignments(kind);
        return id -> workspaceId.equals(assigned.getOrDefault(id, workspaceId));
    }

    /** Every item of a paged store list, read 1000 at a time. */
    static <T> List<T> all(java.util.function.BiFunction<Integer, Integer, List<T>> page) {
        List<T> out = new java.util.ArrayList<>();
        for (int offset = 0; ; offset += 1000) {
            List<T> next = page.apply(offset, 1000);
            out.addAll(next);
            if (next.size() < 1000) {
                return out;
            }
        }
    }

    /** The items of {@code all} that belong to this workspace. */
    <T> List<T> filter(ResourceKind kind, List<T> all, Function<T, String> id) {
        Predicate<String> visible = visible(kind);
        return all.stream().filter(item -> visible.test(id.apply(item))).toList();
    }

    /** One page of the items of {@code all} that belong to this workspace. */
    <T> List<T> page(ResourceKind kind, List<T> all, Function<T, String> id, Paging paging) {
        return filter(kind, all, id).stream()
                .skip(paging.offset())
                .limit(paging.limit())
                .toList();
    }

    /** True when the resource belongs to this workspace (it may not exist at all). */
    boolean owns(ResourceKind kind, String id) {
        return workspaceId.equals(store.workspaceOf(kind, id));
    }

    /** Refuses a reference to a resource of another workspace as if it did not exist (400 naming the field). */
    void requireReference(ResourceKind kind, String id, String field) {
        if (id != null && !owns(kind, id)) {
            throw ApiException.badRequest(
                    field + " '" + id + "' names no " + kind.label() + " in workspace '" + workspaceId + "'");
        }
    }

    /** What an app's configuration refers to (model, speech and rerank providers, knowledge, skills) is ours. */
    void requireAppReferences(AppConfig config) {
        if (config.model() != null) {
            requireReference(ResourceKind.PROVIDER, config.model().providerId(), "model.providerId");
        }
        for (int i = 0; i < config.fallbacks().size(); i++) {
            requireReference(
                    ResourceKind.PROVIDER, config.fallbacks().get(i).providerId(), "fallbacks[" + i + "].providerId");
        }
        if (config.speech() != null) {
            requireReference(ResourceKind.PROVIDER, config.speech().providerId(), "speech.providerId");
        }
        if (config.knowledge() != null) {
            requireKnowledge(config.knowledge(), "knowledge.");
        }
        if (config.skills() != null) {
            Predicate<String> tools = notElsewhere(ResourceKind.TOOL_PROVIDER);
            for (String tool : config.skills().tools()) {
                String provider = tool.substring(0, tool.indexOf('/'));
                if (!tools.test(provider)) {
                    throw ApiException.badRequest(
                            "skills.tools '" + tool + "' names no tool in workspace '" + workspaceId + "'");
                }
            }
            for (String workflow : config.skills().workflows()) {
                requireReference(ResourceKind.WORKFLOW, workflow, "skills.workflows");
            }
            requireReference(ResourceKind.WORKFLOW, config.skills().chatFlow(), "skills.chatFlow");
        }
    }

    /**
     * What a workflow's nodes refer to is ours: every {@code provider}/{@code providerId} (LLM, agent,
     * classifier, extractor and rerank settings), {@code knowledgeBaseIds}, and {@code tool}/{@code tools}
     * references ({@code providerId/toolName}, published workflows as {@code workflow/<id>}).
     */
    void requireGraphReferences(io.switchboard.runtime.workflow.WorkflowGraph graph) {
        Predicate<String> tools = notElsewhere(ResourceKind.TOOL_PROVIDER);
        Predicate<String> workflows = visible(ResourceKind.WORKFLOW);
        for (io.switchboard.runtime.workflow.WorkflowNode node : graph.nodes()) {
            if (node.config() != null) {
                requireNodeReferences(node.id(), node.config(), tools, workflows);
            }
        }
    }

    private void requireNodeReferences(
            String nodeId, JsonNode config, Predicate<String> tools, Predicate<String> workflows) {
        if (config.isArray()) {
            config.forEach(item -> requireNodeReferences(nodeId, item, tools, workflows));
            return;
        }
        if (!config.isObject()) {
            return;
        }
        config.properties().forEach(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            String where = "nodes[" + nodeId + "]." + name;
            if ((name.equals("provider") || name.equals("providerId")) && value.isTextual()) {
                requireReference(ResourceKind.PROVIDER, value.asText(), where);
            } else if (name.equals("knowledgeBaseIds") && value.isArray()) {
                value.forEach(kb -> requireReference(ResourceKind.KNOWLEDGE_BASE, kb.asText(), where));
            } else if ((name.equals("tool") || name.equals("tools")) && (value.isTextual() || value.isArray())) {
                for (JsonNode reference : value.isArray() ? value : List.of(value)) {
                    String tool = reference.asText();
                    int slash = tool.indexOf('/');
                    String provider = slash < 0 ? tool : tool.substring(0, slash);
                    boolean ours = provider.equals(io.switchboard.runtime.workflow.WorkflowTools.PROVIDER_ID)
                            ? workflows.test(tool.substring(slash + 1))
                            : tools.test(provider);
                    if (!ours) {
                        throw ApiException.badRequest(
                                where + " '" + tool + "' names no tool in workspace '" + workspaceId + "'");
                    }
                }
            } else {
                requireNodeReferences(nodeId, value, tools, workflows);
            }
        });
    }

    /** A knowledge link's bases and rerank provider are ours; {@code prefix} starts the field names. */
    void requireKnowledge(io.switchboard.runtime.knowledge.KnowledgeLink link, String prefix) {
        for (String kb : link.knowledgeBaseIds()) {
            requireReference(ResourceKind.KNOWLEDGE_BASE, kb, prefix + "knowledgeBaseIds");
        }
        if (link.rerank() != null) {
            requireReference(ResourceKind.PROVIDER, link.rerank().providerId(), prefix + "rerank.providerId");
        }
    }
}
