package io.switchboard.admin;

import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.tool.ArgumentCheck;
import io.switchboard.runtime.tool.McpServerRequest;
import io.switchboard.runtime.tool.OpenApiImportRequest;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.tool.ToolDescription;
import io.switchboard.runtime.tool.ToolException;
import io.switchboard.runtime.tool.ToolProvider;
import io.switchboard.runtime.workflow.WorkflowTools;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The tool square (every provider with its tools and parameters), OpenAPI imports, MCP servers and
 * test calls of any tool.
 */
final class ToolRoutes {
    record ProviderView(String id, String kind, String name, String description, List<ToolDescription> tools) {
        static ProviderView of(ToolProvider provider) {
            return new ProviderView(
                    provider.id(),
                    provider.kind(),
                    provider.name(),
                    provider.description(),
                    ToolDescription.of(provider));
        }
    }

    record Square(List<ProviderView> providers) {}

    record TestCall(Map<String, Object> arguments) {}

    record TestResult(boolean ok, String result, String error, long latencyMs) {}

    private final SkillsBackend skills;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    ToolRoutes(AdminBackend backend, VirtualThreads blocking, JsonCodec json) {
        this.skills = backend.skills();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/tools").handler(this::square);
        router.post("/tools/openapi").handler(this::importOpenApi);
        router.post("/tools/mcp").handler(this::registerMcp);
        router.delete("/tools/providers/:id").handler(this::delete);
        router.post("/tools/providers/:id/tools/:tool/test").handler(this::test);
    }

    private SkillsBackend skills() {
        if (skills == null) {
            throw ApiException.notFound("tools are not configured on this gateway");
        }
        return skills;
    }

    private void square(RoutingContext ctx) {
        Responses.allowQuery(ctx);
        SkillsBackend backend = skills();
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    Predicate<String> providers = scope.notElsewhere(ResourceKind.TOOL_PROVIDER);
                    Predicate<String> workflows = scope.visible(ResourceKind.WORKFLOW);
                    return new Square(backend.tools().providers().stream()
                            .filter(provider -> providers.test(provider.id()))
                            .map(ProviderView::of)
                            .map(view -> view.id().equals(WorkflowTools.PROVIDER_ID)
                                    ? new ProviderView(
                                            view.id(),
                                            view.kind(),
                                            view.name(),
                                            view.description(),
                                            view.tools().stream()
                                                    .filter(tool -> workflows.test(tool.reference()
                                                            .substring(tool.reference()
                                                                            .indexOf('/')
                                                                    + 1)))
                                                    .toList())
                                    : view)
                            .toList());
                })
                .onSuccess(square -> Responses.json(ctx, 200, square, json))
                .onFailure(ctx::fail);
    }

    private void importOpenApi(RoutingContext ctx) {
        SkillsBackend backend = skills();
        OpenApiImportRequest request = json.read(ctx, OpenApiImportRequest.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    ProviderView view = ProviderView.of(backend.customTools().importOpenApi(request));
                    scope.claim(ResourceKind.TOOL_PROVIDER, view.id());
                    backend.tools().changed();
                    return view;
                })
                .onSuccess(view -> Responses.json(ctx, 201, view, json))
                .onFailure(ctx::fail);
    }

    private void registerMcp(RoutingContext ctx) {
        SkillsBackend backend = skills();
        McpServerRequest request = json.read(ctx, McpServerRequest.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    ProviderView view = ProviderView.of(backend.customTools().registerMcp(request));
                    scope.claim(ResourceKind.TOOL_PROVIDER, view.id());
                    backend.tools().changed();
                    return view;
                })
                .onSuccess(view -> Responses.json(ctx, 201, view, json))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        SkillsBackend backend = skills();
        String id = ctx.pathParam("id");
        blocking.call(() -> {
                    boolean existed = backend.customTools().delete(id);
                    backend.tools().changed();
                    return existed;
                })
                .onSuccess(existed -> {
                    if (existed) {
                        Responses.noContent(ctx);
                    } else {
                        ctx.fail(ApiException.notFound("custom tool provider '" + id + "' does not exist"));
                    }
                })
                .onFailure(ctx::fail);
    }

    private void test(RoutingContext ctx) {
        SkillsBackend backend = skills();
        String reference = ctx.pathParam("id") + "/" + ctx.pathParam("tool");
        TestCall call = json.readOptional(ctx, TestCall.class);
        Map<String, Object> given = call.arguments() == null ? Map.of() : call.arguments();
        String arguments = json.writeString(given);
        blocking.call(() -> {
                    Tool tool = backend.tools()
                            .find(reference)
                            .orElseThrow(() -> ApiException.notFound("tool '" + reference + "' does not exist"));
                    List<String> problems = ArgumentCheck.problems(tool.specification(), given);
                    if (!problems.isEmpty()) {
                        throw ApiException.badRequest(String.join("; ", problems));
                    }
                    long start = System.nanoTime();
                    try {
                        String result = tool.execute(arguments);
                        return new TestResult(true, result, null, (System.nanoTime() - start) / 1_000_000);
                    } catch (ToolException e) {
                        return new TestResult(false, null, e.getMessage(), (System.nanoTime() - start) / 1_000_000);
                    }
                })
                .onSuccess(result -> Responses.json(ctx, 200, result, json))
                .onFailure(ctx::fail);
    }
}
