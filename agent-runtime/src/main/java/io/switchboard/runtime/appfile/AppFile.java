package io.switchboard.runtime.appfile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.tool.ToolDefinition;
import io.switchboard.runtime.workflow.WorkflowGraph;
import java.util.List;

/**
 * One app as a file: its configuration (Q&A pairs included), the workflows it links, the custom tool
 * providers it binds (without secrets) and, for a template, the knowledge it ships. References inside
 * {@code app} ({@code skills.workflows}, {@code skills.chatFlow}, {@code skills.tools},
 * {@code knowledge.knowledgeBaseIds}) name the {@code ref}s of this file; an import rewrites them to the
 * ids it creates.
 *
 * @param kind always {@link #KIND}
 * @param version the format version, {@link #VERSION}
 * @param template what the square shows, for a built-in template; null in an exported app
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppFile(
        String kind,
        int version,
        TemplateInfo template,
        AppConfig app,
        List<LinkedWorkflow> workflows,
        List<ToolDefinition> tools,
        List<ShippedKnowledge> knowledge) {
    public static final String KIND = "switchboard-app";
    public static final int VERSION = 1;
    public static final int MAX_WORKFLOWS = 20;
    public static final int MAX_TOOLS = 20;

    public AppFile {
        if (!KIND.equals(kind)) {
            throw new IllegalArgumentException("kind must be '" + KIND + "'");
        }
        if (version != VERSION) {
            throw new IllegalArgumentException("version must be " + VERSION + " (this gateway reads no other)");
        }
        if (app == null) {
            throw new IllegalArgumentException("app is required (the app's configuration)");
        }
        workflows = workflows == null ? List.of() : List.copyOf(workflows);
        tools = tools == null ? List.of() : List.copyOf(tools);
        knowledge = knowledge == null ? List.of() : List.copyOf(knowledge);
        if (workflows.size() > MAX_WORKFLOWS || tools.size() > MAX_TOOLS || knowledge.size() > 10) {
            throw new IllegalArgumentException("an app file may hold at most " + MAX_WORKFLOWS + " workflows, "
                    + MAX_TOOLS + " tool providers and 10 knowledge bases");
        }
        if (workflows.stream().map(LinkedWorkflow::ref).distinct().count() != workflows.size()) {
            throw new IllegalArgumentException("workflows[].ref must be unique");
        }
        if (tools.stream().map(ToolDefinition::ref).distinct().count() != tools.size()) {
            throw new IllegalArgumentException("tools[].ref must be unique");
        }
    }

    /** A workflow the app links (chat flow or tool), as its published graph. */
    public record LinkedWorkflow(String ref, String name, WorkflowGraph graph) {
        public LinkedWorkflow {
            if (ref == null || ref.isBlank()) {
                throw new IllegalArgumentException("workflows[].ref must not be blank");
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("workflows[].name must not be blank");
            }
            if (graph == null) {
                throw new IllegalArgumentException("workflows[].graph is required");
            }
        }
    }

    /** A knowledge base a template ships: its documents as text. */
    public record ShippedKnowledge(String ref, String name, String description, List<Document> documents) {
        public ShippedKnowledge {
            if (ref == null || ref.isBlank() || name == null || name.isBlank()) {
                throw new IllegalArgumentException("knowledge[] needs a ref and a name");
            }
            description = description == null ? "" : description;
            documents = documents == null ? List.of() : List.copyOf(documents);
        }
    }

    /** One document of a shipped knowledge base. */
    public record Document(String name, String text) {
        public Document {
            if (name == null || name.isBlank() || text == null || text.isBlank()) {
                throw new IllegalArgumentException("knowledge[].documents[] needs a name and a text");
            }
        }
    }

    /**
     * How the app square shows a template.
     *
     * @param key stable id of the template
     * @param needsModel true when the app cannot answer without a model (creating it then needs one)
     * @param usage how a client uses the app once published (e.g. the developer API request), may be empty
     */
    public record TemplateInfo(
            String key,
            Category category,
            String name,
            String description,
            String icon,
            boolean needsModel,
            String usage) {
        public TemplateInfo {
            if (key == null || !key.matches("[a-z0-9-]{1,40}") || category == null || name == null) {
                throw new IllegalArgumentException("template needs a key, a category and a name");
            }
            description = description == null ? "" : description;
            usage = usage == null ? "" : usage;
        }
    }
}
