package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.tool.ToolException;
import io.switchboard.runtime.tool.ToolProvider;
import io.switchboard.runtime.tool.ToolSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Published workflows as tools (provider {@code workflow}, referenced as {@code workflow/<workflowId>}):
 * the name comes from the workflow's name, the description from its graph, the parameters from its
 * start node. The result is the end node's outputs as JSON.
 */
public final class WorkflowTools implements ToolSource {
    public static final String PROVIDER_ID = "workflow";
    private static final int LISTED = 500;

    private final WorkflowService workflows;

    private WorkflowTools(WorkflowService workflows) {
        this.workflows = workflows;
    }

    public static WorkflowTools create(WorkflowService workflows) {
        return new WorkflowTools(workflows);
    }

    @Override
    public List<ToolProvider> providers() {
        List<Tool> tools = new ArrayList<>();
        for (Workflow workflow : workflows.store().list(0, LISTED)) {
            if (workflow.publishedVersion() != null) {
                workflows
                        .publishedVersion(workflow.id())
                        .ifPresent(version -> tools.add(tool(workflow.id(), workflow.name(), version.graph())));
            }
        }
        return List.of(new ToolProvider(PROVIDER_ID, "workflow", "Workflows", "Published workflows", tools));
    }

    private Tool tool(String id, String name, WorkflowGraph graph) {
        ToolSpecification spec = ToolSpecification.builder()
                .name(toolName(name, id))
                .description(graph.description().isBlank() ? "Runs the workflow '" + name + "'." : graph.description())
                .parameters(schema(graph))
                .build();
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public String id() {
                return id;
            }

            @Override
            public String execute(String argumentsJson) {
                Map<String, Object> inputs;
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> parsed = argumentsJson == null || argumentsJson.isBlank()
                            ? Map.of()
                            : Variables.JSON.readValue(argumentsJson, Map.class);
                    inputs = parsed;
                } catch (JsonProcessingException e) {
                    throw new ToolException("arguments are not a JSON object");
                }
                WorkflowRun run;
                try {
                    run = workflows.runPublished(id, inputs, null);
                } catch (InvalidWorkflowException e) {
                    throw new ToolException(e.getMessage());
                }
                if (!run.succeeded()) {
                    throw new ToolException("the workflow " + run.status().wireName() + ": " + run.error());
                }
                return Variables.text(run.outputs());
            }
        };
    }

    /** The start node's inputs as a JSON schema. */
    static JsonObjectSchema schema(WorkflowGraph graph) {
        JsonObjectSchema.Builder schema = JsonObjectSchema.builder();
        List<String> required = new ArrayList<>();
        graph.nodes().stream().filter(n -> n.type().equals("start")).findFirst().ifPresent(start -> {
            for (JsonNode input : start.setting("inputs")) {
                String name = input.path("name").asText();
                String description = input.path("description").asText(null);
                switch (VarType.parse(input.path("type").asText("string"))) {
                    case NUMBER -> schema.addNumberProperty(name, description);
                    case BOOLEAN -> schema.addBooleanProperty(name, description);
                    case null, default -> schema.addStringProperty(name, description);
                }
                if (input.path("required").asBoolean(false)) {
                    required.add(name);
                }
            }
        });
        return schema.required(required).build();
    }

    static String toolName(String name, String id) {
        String cleaned =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "_").replaceAll("^_+|_+$", "");
        if (cleaned.isEmpty()) {
            cleaned = id.replaceAll("[^A-Za-z0-9_-]", "_");
        }
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
