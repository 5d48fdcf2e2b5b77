package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/** A validated graph indexed for running: nodes by position, edges as arrays, referenced variables. */
final class Plan {
    final WorkflowNode[] nodes;
    final NodeKind[] kinds;
    final int[][] targets;
    final String[][] branches;
    final int[] incoming;
    final int start;
    final String streamNode;
    final List<Set<String>> references;
    /** Nodes that never block (start, end, if/else, aggregator, ...) run on the coordinating thread. */
    final boolean[] inline;

    private static final Set<String> INLINE =
            Set.of("start", "end", "if-else", "aggregator", "template", "list-operator", "variable-assigner");

    private Plan(WorkflowGraph graph) {
        int n = graph.nodes().size();
        nodes = graph.nodes().toArray(WorkflowNode[]::new);
        kinds = new NodeKind[n];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(nodes[i].id(), i);
            kinds[i] = NodeKinds.of(nodes[i].type());
        }
        List<List<WorkflowEdge>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        incoming = new int[n];
        for (WorkflowEdge edge : graph.edges()) {
            out.get(index.get(edge.from())).add(edge);
            incoming[index.get(edge.to())]++;
        }
        targets = new int[n][];
        branches = new String[n][];
        inline = new boolean[n];
        references = new ArrayList<>(n);
        Set<String> ids = new java.util.HashSet<>(index.keySet());
        ids.add(Checker.CONVERSATION);
        int startIndex = -1;
        String stream = null;
        for (int i = 0; i < n; i++) {
            List<WorkflowEdge> edges = out.get(i);
            targets[i] = edges.stream().mapToInt(e -> index.get(e.to())).toArray();
            branches[i] = edges.stream().map(WorkflowEdge::branch).toArray(String[]::new);
            String type = nodes[i].type();
            inline[i] = INLINE.contains(type);
            if (type.equals("start")) {
                startIndex = i;
            }
            if (type.equals("end") && nodes[i].setting("stream").isTextual()) {
                stream = nodes[i].setting("stream").asText();
            }
            Set<String> refs = new LinkedHashSet<>();
            // An iteration or loop body is a graph of its own: its references are not this node's.
            collect(nodes[i].config().deepCopy().without("body"), ids, refs);
            references.add(refs);
        }
        start = startIndex;
        streamNode = stream;
    }

    /** The node with {@code id}, or null. */
    WorkflowNode node(String id) {
        for (WorkflowNode node : nodes) {
            if (node.id().equals(id)) {
                return node;
            }
        }
        return null;
    }

    static Plan of(WorkflowGraph graph) {
        return of(graph, false);
    }

    /** @param nested an iteration or loop body */
    static Plan of(WorkflowGraph graph, boolean nested) {
        List<ValidationError> errors = GraphValidator.validate(graph, nested);
        if (!errors.isEmpty()) {
            throw new InvalidWorkflowException(errors);
        }
        return new Plan(graph);
    }

    private static void collect(JsonNode value, Set<String> nodeIds, Set<String> refs) {
        if (value.isTextual()) {
            String text = value.asText();
            Matcher matcher = Checker.REFERENCE.matcher(text);
            while (matcher.find()) {
                refs.add(matcher.group(1));
            }
            int dot = text.indexOf('.');
            if (dot > 0 && nodeIds.contains(text.substring(0, dot)) && text.matches("[A-Za-z][\\w-]*(\\.[\\w-]+)+")) {
                refs.add(text);
            }
        } else if (value.isContainerNode()) {
            value.forEach(child -> collect(child, nodeIds, refs));
        }
    }
}
