package io.switchboard.runtime.workflow;

/** One reason a workflow cannot run: the node (null for the whole graph), the field and what is wrong. */
public record ValidationError(String node, String field, String message) {
    @Override
    public String toString() {
        return (node == null ? "workflow" : "node '" + node + "'") + (field == null ? "" : " field '" + field + "'")
                + ": " + message;
    }
}
