package io.switchboard.runtime.workflow;

/**
 * A connection; after an if/else node, {@code branch} names the case (or {@code else}) that takes it.
 */
public record WorkflowEdge(String from, String to, String branch) {
    public WorkflowEdge {
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw new IllegalArgumentException("an edge needs 'from' and 'to' node ids");
        }
        branch = branch == null || branch.isBlank() ? null : branch;
    }
}
