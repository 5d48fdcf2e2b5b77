package io.switchboard.runtime.workflow;

import java.util.List;

/**
 * A workflow: nodes joined by edges, stored as JSON. Shape checks only here; what makes a graph
 * runnable (one start, reachable ends, no cycles, resolvable references, matching types) is
 * {@link WorkflowEngine#validate}.
 *
 * @param description what the workflow does; the model reads it when the workflow is offered as a tool
 * @param conversationVariables variables that persist across the turns of one conversation of a chat
 *     flow, read as {@code conversation.name} and written by {@code variable-assigner} nodes
 */
public record WorkflowGraph(
        String description,
        List<WorkflowNode> nodes,
        List<WorkflowEdge> edges,
        List<ConversationVariable> conversationVariables) {
    public static final int MAX_NODES = 200;

    public WorkflowGraph(String description, List<WorkflowNode> nodes, List<WorkflowEdge> edges) {
        this(description, nodes, edges, List.of());
    }

    public WorkflowGraph {
        conversationVariables = conversationVariables == null ? List.of() : List.copyOf(conversationVariables);
        if (conversationVariables.size() > 64) {
            throw new IllegalArgumentException("a workflow may declare at most 64 conversation variables");
        }
        description = description == null ? "" : description;
        if (description.codePointCount(0, description.length()) > 2000) {
            throw new IllegalArgumentException("description must be at most 2000 characters");
        }
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        edges = edges == null ? List.of() : List.copyOf(edges);
        if (nodes.size() > MAX_NODES) {
            throw new IllegalArgumentException("a workflow may have at most " + MAX_NODES + " nodes");
        }
        if (edges.size() > MAX_NODES * 4) {
            throw new IllegalArgumentException("a workflow may have at most " + MAX_NODES * 4 + " edges");
        }
    }

    /** The node with {@code id}, or null. */
    public WorkflowNode node(String id) {
        for (WorkflowNode node : nodes) {
            if (node.id().equals(id)) {
                return node;
            }
        }
        return null;
    }
}
