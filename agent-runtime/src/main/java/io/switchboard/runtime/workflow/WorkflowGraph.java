package io.switchboard.runtime.workflow;

import java.util.List;

/**
 * A workflow: nodes joined by edges, stored as JSON. Shape checks only here; what makes a graph
 * runnable (one start, reachable ends, no cycles, resolvable references, matching types) is
 * {@link WorkflowEngine#validate}.
 *
 * @param description what the workflow does; the model reads it when the workflow is offered as a tool
 */
public record WorkflowGraph(String description, List<WorkflowNode> nodes, List<WorkflowEdge> edges) {
    public static final int MAX_NODES = 200;

    public WorkflowGraph {
        description = description == null ? "" : description;
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
