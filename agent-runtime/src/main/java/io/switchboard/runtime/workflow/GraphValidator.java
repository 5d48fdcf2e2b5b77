package io.switchboard.runtime.workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a graph can run: known node types, unique ids, one start, edges between existing nodes
 * with valid branches, no cycles, every node reachable from the start, every path ending at an end
 * node, and each node's settings and variable references (which must come from nodes that run before it).
 */
final class GraphValidator {
    private GraphValidator() {}

    static List<ValidationError> validate(WorkflowGraph graph) {
        return validate(graph, false);
    }

    /** @param nested true for an iteration or loop body */
    static List<ValidationError> validate(WorkflowGraph graph, boolean nested) {
        List<ValidationError> errors = new ArrayList<>();
        Map<String, WorkflowNode> nodes = new LinkedHashMap<>();
        for (WorkflowNode node : graph.nodes()) {
            if (node.id().equals(Checker.CONVERSATION)) {
                errors.add(new ValidationError(node.id(), "id", "is reserved for conversation variables"));
            }
            if (nodes.putIfAbsent(node.id(), node) != null) {
                errors.add(new ValidationError(node.id(), "id", "is used by more than one node"));
            }
            if (NodeKinds.of(node.type()) == null) {
                errors.add(new ValidationError(
                        node.id(),
                        "type",
                        "unknown node type '" + node.type() + "'; known: " + NodeKinds.ALL.keySet()));
            }
        }
        List<WorkflowNode> starts =
                graph.nodes().stream().filter(n -> n.type().equals("start")).toList();
        if (starts.size() != 1) {
            errors.add(new ValidationError(null, "nodes", "needs exactly one start node, found " + starts.size()));
        }
        if (graph.nodes().stream().noneMatch(n -> n.type().equals("end"))) {
            errors.add(new ValidationError(null, "nodes", "needs at least one end node"));
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        Map<String, List<WorkflowEdge>> outgoing = new HashMap<>();
        Map<String, List<String>> incoming = new HashMap<>();
        checkEdges(graph, nodes, outgoing, incoming, errors);
        if (!errors.isEmpty()) {
            return errors;
        }
        List<String> order = topologicalOrder(nodes.keySet(), outgoing, incoming, errors);
        if (order == null) {
            return errors;
        }
        String start = starts.get(0).id();
        checkReachability(start, nodes, outgoing, incoming, errors);
        checkNodes(graph, order, nodes, incoming, errors, nested);
        return errors;
    }

    private static void checkEdges(
            WorkflowGraph graph,
            Map<String, WorkflowNode> nodes,
            Map<String, List<WorkflowEdge>> outgoing,
            Map<String, List<String>> incoming,
            List<ValidationError> errors) {
        Set<String> seen = new HashSet<>();
        for (WorkflowEdge edge : graph.edges()) {
            WorkflowNode from = nodes.get(edge.from());
            if (from == null || !nodes.containsKey(edge.to())) {
                errors.add(new ValidationError(
                        from == null ? edge.from() : edge.to(), "edges", "an edge names a node that does not exist"));
                continue;
            }
            if (!seen.add(edge.from() + ">" + edge.to() + ">" + edge.branch())) {
                errors.add(new ValidationError(edge.from(), "edges", "duplicate edge to '" + edge.to() + "'"));
            }
            if (from.type().equals("end")) {
                errors.add(new ValidationError(edge.from(), "edges", "an end node cannot have outgoing edges"));
            }
            if (nodes.get(edge.to()).type().equals("start")) {
                errors.add(new ValidationError(edge.to(), "edges", "the start node cannot have incoming edges"));
            }
            Set<String> branches = NodeKinds.of(from.type()).branches(from);
            if (branches.isEmpty() && edge.branch() != null) {
                errors.add(new ValidationError(
                        edge.from(), "edges", "only branching nodes (if-else, classifier, human input) take a branch"));
            } else if (!branches.isEmpty() && !branches.contains(edge.branch())) {
                errors.add(new ValidationError(
                        edge.from(), "edges", "edge to '" + edge.to() + "' needs a branch, one of " + branches));
            }
            outgoing.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge);
            incoming.computeIfAbsent(edge.to(), k -> new ArrayList<>()).add(edge.from());
        }
        for (WorkflowNode node : nodes.values()) {
            Set<String> branches = NodeKinds.of(node.type()).branches(node);
            for (String branch : branches) {
                boolean wired =
                        outgoing.getOrDefault(node.id(), List.of()).stream().anyMatch(e -> branch.equals(e.branch()));
                if (!wired) {
                    errors.add(new ValidationError(node.id(), "edges", "branch '" + branch + "' leads nowhere"));
                }
            }
        }
    }

    /** Kahn's algorithm; null (with an error naming a node on the cycle) when there is a cycle. */
    private static List<String> topologicalOrder(
            Set<String> ids,
            Map<String, List<WorkflowEdge>> outgoing,
            Map<String, List<String>> incoming,
            List<ValidationError> errors) {
        Map<String, Integer> pending = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        for (String id : ids) {
            int count = incoming.getOrDefault(id, List.of()).size();
            pending.put(id, count);
            if (count == 0) {
                ready.add(id);
            }
        }
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (WorkflowEdge edge : outgoing.getOrDefault(id, List.of())) {
                if (pending.merge(edge.to(), -1, Integer::sum) == 0) {
                    ready.add(edge.to());
                }
            }
        }
        if (order.size() < ids.size()) {
            String onCycle =
                    ids.stream().filter(id -> pending.get(id) > 0).findFirst().orElseThrow();
            errors.add(new ValidationError(onCycle, "edges", "is part of a cycle; workflows must not loop"));
            return null;
        }
        return order;
    }

    private static void checkReachability(
            String start,
            Map<String, WorkflowNode> nodes,
            Map<String, List<WorkflowEdge>> outgoing,
            Map<String, List<String>> incoming,
            List<ValidationError> errors) {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (reached.add(id)) {
                outgoing.getOrDefault(id, List.of()).forEach(e -> todo.add(e.to()));
            }
        }
        for (WorkflowNode node : nodes.values()) {
            if (!reached.contains(node.id())) {
                errors.add(new ValidationError(node.id(), "edges", "is not reachable from the start node"));
            } else if (!node.type().equals("end")
                    && outgoing.getOrDefault(node.id(), List.of()).isEmpty()) {
                errors.add(new ValidationError(node.id(), "edges", "leads nowhere; every path must reach an end node"));
            }
        }
    }

    private static void checkNodes(
            WorkflowGraph graph,
            List<String> order,
            Map<String, WorkflowNode> nodes,
            Map<String, List<String>> incoming,
            List<ValidationError> errors,
            boolean nested) {
        Map<String, Map<String, VarType>> outputs = new HashMap<>();
        nodes.values().forEach(n -> outputs.put(n.id(), NodeKinds.of(n.type()).outputs(n)));
        Map<String, Set<String>> ancestors = new HashMap<>();
        for (String id : order) {
            Set<String> mine = new HashSet<>();
            for (String parent : incoming.getOrDefault(id, List.of())) {
                mine.add(parent);
                mine.addAll(ancestors.get(parent));
            }
            ancestors.put(id, mine);
            WorkflowNode node = nodes.get(id);
            NodeKinds.of(node.type()).check(node, new Checker(graph, errors, outputs, mine, id, nested));
            if (node.onError().mode() == FailurePolicy.Mode.DEFAULT) {
                for (String field : outputs.get(id).keySet()) {
                    if (!node.onError().defaultValue().has(field)) {
                        errors.add(new ValidationError(
                                id, "onError.defaultValue", "has no value for output '" + field + "'"));
                    }
                }
            }
        }
    }
}
