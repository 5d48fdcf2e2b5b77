package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Dify workflow export (YAML DSL) into a draft graph. Node types both products share are
 * mapped (see docs/workflows.md, "Dify import"; iteration and loop bodies become {@code body} graphs);
 * anything else is kept as a node of its Dify type, which the validator
 * refuses, and listed in {@link Result#unmapped()} so the admin knows what to rebuild.
 */
public final class DifyImport {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DifyImport() {}

    /**
     * @param name the workflow's name from the export
     * @param unmapped one line per node or setting that could not be carried over, naming it
     */
    public record Result(String name, WorkflowGraph graph, List<String> unmapped) {}

    /** The Dify id of the iteration or loop that holds {@code node}, or null for a node of the graph itself. */
    static String parent(JsonNode node) {
        String parent = node.path("parentId").asText("");
        if (parent.isEmpty()) {
            JsonNode data = node.path("data");
            parent = data.path("isInIteration").asBoolean(false)
                    ? data.path("iteration_id").asText("")
                    : data.path("isInLoop").asBoolean(false)
                            ? data.path("loop_id").asText("")
                            : "";
        }
        return parent.isEmpty() ? null : parent;
    }

    /**
     * @param defaultProvider the Switchboard provider id LLM nodes get (Dify's provider names differ), or null
     * @throws IllegalArgumentException when the text is not a Dify workflow export, naming why
     */
    public static Result read(String yaml, String defaultProvider) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml == null ? "" : yaml);
        } catch (Exception e) {
            throw new IllegalArgumentException("the export is not YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the export must be a YAML object");
        }
        JsonNode graph = root.path("workflow").path("graph");
        if (!graph.path("nodes").isArray()) {
            throw new IllegalArgumentException(
                    "the export has no workflow.graph.nodes; is it a workflow or chatflow app?");
        }
        String name = root.path("app").path("name").asText("Imported workflow");
        DifyNodes mapper = DifyNodes.create(graph, defaultProvider);
        List<WorkflowNode> nodes = new ArrayList<>();
        for (JsonNode node : graph.path("nodes")) {
            if (!node.path("data").path("type").asText("").equals("custom-note") && parent(node) == null) {
                nodes.add(mapper.node(node));
            }
        }
        java.util.Set<String> inBodies = new java.util.HashSet<>();
        for (JsonNode node : graph.path("nodes")) {
            if (parent(node) != null) {
                inBodies.add(node.path("id").asText());
            }
        }
        List<WorkflowEdge> edges = new ArrayList<>();
        for (JsonNode edge : graph.path("edges")) {
            if (!inBodies.contains(edge.path("source").asText())
                    && !inBodies.contains(edge.path("target").asText())) {
                edges.add(mapper.edge(edge));
            }
        }
        String description = root.path("app").path("description").asText("");
        List<ConversationVariable> conversation = new ArrayList<>();
        for (JsonNode variable : root.path("workflow").path("conversation_variables")) {
            String type = variable.path("value_type").asText("string");
            conversation.add(new ConversationVariable(
                    variable.path("name").asText(),
                    type.startsWith("array") ? "array" : VarType.parse(type) == null ? "any" : type,
                    variable.path("value"),
                    variable.path("description").asText(null)));
        }
        return new Result(
                name, new WorkflowGraph(description, nodes, edges, conversation), List.copyOf(mapper.unmapped()));
    }
}
