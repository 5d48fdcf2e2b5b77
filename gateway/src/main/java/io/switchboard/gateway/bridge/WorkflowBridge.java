package io.switchboard.gateway.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import io.switchboard.channels.spi.AppWorkflows;
import io.switchboard.channels.spi.InvalidTurnException;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.tool.ToolException;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.runtime.workflow.WorkflowTools;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * An app's published workflows ({@code skills.workflows}) as the tools the registry makes of them:
 * listed with their declared inputs, run on virtual threads.
 */
public final class WorkflowBridge implements AppWorkflows, AutoCloseable {
    private static final String UNAVAILABLE = "Switchboard could not run the workflow right now; try again";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppCatalog catalog;
    private final ToolRegistry tools;
    private final VirtualThreads blocking = VirtualThreads.named("mcp-workflow");

    private WorkflowBridge(AppCatalog catalog, ToolRegistry tools) {
        this.catalog = catalog;
        this.tools = tools;
    }

    public static WorkflowBridge create(AppCatalog catalog, ToolRegistry tools) {
        return new WorkflowBridge(catalog, tools);
    }

    @Override
    public Future<List<WorkflowTool>> list(String appId) {
        return HttpFailures.call(
                blocking,
                UNAVAILABLE,
                () -> workflows(appId).values().stream()
                        .map(tool -> new WorkflowTool(
                                tool.specification().name(),
                                tool.specification().description(),
                                schema(tool)))
                        .toList());
    }

    @Override
    public Future<Result> run(String appId, String name, String argumentsJson) {
        return HttpFailures.call(blocking, UNAVAILABLE, () -> {
            Tool tool = workflows(appId).get(name);
            if (tool == null) {
                throw new InvalidTurnException("name", "Unknown tool: " + name);
            }
            try {
                return new Result(tool.execute(argumentsJson), false);
            } catch (ToolException e) {
                return new Result(e.getMessage(), true);
            }
        });
    }

    private Map<String, Tool> workflows(String appId) {
        List<String> references = catalog.resolve(appId, false).config().skills().workflows().stream()
                .map(id -> WorkflowTools.PROVIDER_ID + "/" + id)
                .toList();
        return tools.resolve(references);
    }

    private static String schema(Tool tool) {
        Object schema = tool.specification().parameters() == null
                ? Map.of("type", "object", "properties", Map.of())
                : JsonSchemaElementUtils.toMap(tool.specification().parameters());
        try {
            return JSON.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        blocking.close();
    }
}
