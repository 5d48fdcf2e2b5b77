package io.switchboard.runtime.workflow;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one type of node declares, checks and does. Implementations are stateless and thread-safe. */
interface NodeKind {
    /** The variables the node produces, by name. */
    Map<String, VarType> outputs(WorkflowNode node);

    /** Reports configuration and reference problems to {@code checker}. */
    void check(WorkflowNode node, Checker checker);

    /** The branch names whose edges leave the node (if/else); empty for ordinary nodes. */
    default Set<String> branches(WorkflowNode node) {
        return Set.of();
    }

    /**
     * Runs the node on a virtual thread; interrupted when the run times out.
     *
     * @throws WorkflowFailure or any exception when the node failed (its failure policy applies)
     */
    NodeResult run(WorkflowNode node, NodeContext context) throws Exception;

    /**
     * @param branch the branch taken (if/else), or null
     * @param tokens model tokens spent
     */
    record NodeResult(Map<String, Object> outputs, String branch, int tokens, List<NodeTrace> children) {
        NodeResult(Map<String, Object> outputs, String branch, int tokens) {
            this(outputs, branch, tokens, null);
        }

        static NodeResult of(Map<String, Object> outputs) {
            return new NodeResult(outputs, null, 0);
        }
    }
}
