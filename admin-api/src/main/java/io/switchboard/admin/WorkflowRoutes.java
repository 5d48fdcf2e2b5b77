package io.switchboard.admin;

import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.workflow.DifyImport;
import io.switchboard.runtime.workflow.InvalidWorkflowException;
import io.switchboard.runtime.workflow.ValidationError;
import io.switchboard.runtime.workflow.Workflow;
import io.switchboard.runtime.workflow.WorkflowGraph;
import io.switchboard.runtime.workflow.WorkflowRun;
import io.switchboard.runtime.workflow.WorkflowService;
import io.switchboard.runtime.workflow.WorkflowVersion;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workflows: drafts, validation, publishing, debug runs with their traces, stored runs and the Dify
 * DSL import. An invalid graph or input is a 422 whose {@code error.errors} name each node and field.
 */
final class WorkflowRoutes {
    private static final int MAX_YAML = 2_000_000;

    record Save(String name, WorkflowGraph graph) {
        Save {
            if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > 200) {
                throw new IllegalArgumentException("name must be 1-200 characters");
            }
            if (graph == null) {
                throw new IllegalArgumentException("graph is required");
            }
        }
    }

    record WorkflowView(
            String id,
            String name,
            WorkflowGraph draft,
            Integer publishedVersion,
            List<ValidationError> errors,
            Instant createdAt,
            Instant updatedAt) {}

    record Summary(String id, String name, Integer publishedVersion, Instant createdAt, Instant updatedAt) {}

    record Page(int offset, int limit, List<?> items) {}

    record Validation(boolean valid, List<ValidationError> errors) {}

    record DebugRun(Map<String, Object> inputs) {}

    record DifyRequest(String yaml, String providerId) {
        DifyRequest {
            if (yaml == null || yaml.isBlank() || yaml.length() > MAX_YAML) {
                throw new IllegalArgumentException(
                        "yaml must hold the Dify export (at most " + MAX_YAML + " characters)");
            }
        }
    }

    record DifyResult(WorkflowView workflow, List<String> unmapped) {}

    private final SkillsBackend skills;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    WorkflowRoutes(AdminBackend backend, VirtualThreads blocking, JsonCodec json) {
        this.skills = backend.skills();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.post("/workflows/import/dify").handler(this::importDify);
        router.get("/workflows").handler(this::list);
        router.post("/workflows").handler(this::create);
        router.get("/workflows/:id").handler(ctx -> reply(ctx, 200, service -> view(service, find(service, ctx))));
        router.put("/workflows/:id").handler(this::update);
        router.delete("/workflows/:id").handler(this::delete);
        router.post("/workflows/:id/validate")
                .handler(ctx -> reply(ctx, 200, service -> {
                    List<ValidationError> errors =
                            service.validate(find(service, ctx).draft());
                    return new Validation(errors.isEmpty(), errors);
                }));
        router.post("/workflows/:id/publish")
                .handler(ctx -> reply(ctx, 200, service -> {
                    WorkflowVersion version = service.publish(ctx.pathParam("id"));
                    skills.tools().changed();
                    return Map.of(
                            "workflowId",
                            version.workflowId(),
                            "version",
                            version.version(),
                            "createdAt",
                            version.createdAt());
                }));
        router.get("/workflows/:id/versions/:version").handler(ctx -> {
            int version = Responses.positivePathParam(ctx, "version");
            reply(
                    ctx,
                    200,
                    service -> service.store()
                            .findVersion(ctx.pathParam("id"), version)
                            .orElseThrow(() -> ApiException.notFound("version " + version + " of workflow '"
                                    + ctx.pathParam("id") + "' does not exist")));
        });
        router.post("/workflows/:id/debug-run").handler(this::debugRun);
        router.get("/workflows/:id/runs").handler(this::runs);
        router.get("/workflows/:id/runs/:runId")
                .handler(ctx -> reply(
                        ctx,
                        200,
                        service -> service.store()
                                .findRun(ctx.pathParam("id"), ctx.pathParam("runId"))
                                .orElseThrow(() ->
                                        ApiException.notFound("run '" + ctx.pathParam("runId") + "' does not exist"))));
    }

    private interface Work<T> {
        T run(WorkflowService service) throws Exception;
    }

    private <T> void reply(RoutingContext ctx, int status, Work<T> work) {
        if (skills == null) {
            ctx.fail(ApiException.notFound("workflows are not configured on this gateway"));
            return;
        }
        WorkflowService service = skills.workflows();
        Future<T> result = blocking.call(() -> work.run(service));
        result.onSuccess(value -> Responses.json(ctx, status, value, json)).onFailure(failure -> fail(ctx, failure));
    }

    /** Renders an invalid workflow with every error; the rest goes to the failure renderer. */
    private void fail(RoutingContext ctx, Throwable failure) {
        fail(ctx, failure, json);
    }

    /** Renders an invalid workflow with every error; the rest goes to the failure renderer. */
    static void fail(RoutingContext ctx, Throwable failure, JsonCodec json) {
        if (failure instanceof InvalidWorkflowException invalid
                && !ctx.response().headWritten()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", "invalid_workflow");
            error.put("message", invalid.getMessage());
            error.put("errors", invalid.errors());
            ctx.response()
                    .setStatusCode(422)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON)
                    .end(json.write(Map.of("error", error)));
            return;
        }
        ctx.fail(failure);
    }

    private static Workflow find(WorkflowService service, RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return service.store()
                .find(id)
                .orElseThrow(() -> ApiException.notFound("workflow '" + id + "' does not exist"));
    }

    private static WorkflowView view(WorkflowService service, Workflow workflow) {
        return new WorkflowView(
                workflow.id(),
                workflow.name(),
                workflow.draft(),
                workflow.publishedVersion(),
                service.validate(workflow.draft()),
                workflow.createdAt(),
                workflow.updatedAt());
    }

    private void list(RoutingContext ctx) {
        Paging paging = Paging.from(ctx);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        reply(
                ctx,
                200,
                service -> new Page(
                        paging.offset(),
                        paging.limit(),
                        scope
                                .page(
                                        ResourceKind.WORKFLOW,
                                        WorkspaceScope.all(service.store()::list),
                                        Workflow::id,
                                        paging)
                                .stream()
                                .map(w -> new Summary(
                                        w.id(), w.name(), w.publishedVersion(), w.createdAt(), w.updatedAt()))
                                .toList()));
    }

    private void create(RoutingContext ctx) {
        Save save = json.read(ctx, Save.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        reply(ctx, 201, service -> {
            scope.requireGraphReferences(save.graph());
            Workflow created = service.store().create(save.name(), save.graph());
            scope.claim(ResourceKind.WORKFLOW, created.id());
            return view(service, created);
        });
    }

    private void update(RoutingContext ctx) {
        Save save = json.read(ctx, Save.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        reply(ctx, 200, service -> {
            scope.requireGraphReferences(save.graph());
            Workflow updated = service.store().update(ctx.pathParam("id"), save.name(), save.graph());
            return view(service, updated);
        });
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (skills == null) {
            ctx.fail(ApiException.notFound("workflows are not configured on this gateway"));
            return;
        }
        blocking.call(() -> {
                    boolean existed = skills.workflows().store().delete(id);
                    skills.workflows().changed(id);
                    skills.tools().changed();
                    return existed;
                })
                .onSuccess(existed -> {
                    if (existed) {
                        Responses.noContent(ctx);
                    } else {
                        ctx.fail(ApiException.notFound("workflow '" + id + "' does not exist"));
                    }
                })
                .onFailure(ctx::fail);
    }

    private void debugRun(RoutingContext ctx) {
        DebugRun request = json.readOptional(ctx, DebugRun.class);
        Map<String, Object> inputs = request.inputs() == null ? Map.of() : request.inputs();
        reply(ctx, 200, service -> {
            WorkflowRun run = service.debugRun(find(service, ctx).id(), inputs);
            return run;
        });
    }

    private void runs(RoutingContext ctx) {
        Paging paging = Paging.from(ctx);
        reply(ctx, 200, service -> {
            find(service, ctx);
            return new Page(
                    paging.offset(),
                    paging.limit(),
                    service.store().listRuns(ctx.pathParam("id"), paging.offset(), paging.limit()));
        });
    }

    private void importDify(RoutingContext ctx) {
        DifyRequest request = json.read(ctx, DifyRequest.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        reply(ctx, 201, service -> {
            scope.requireReference(ResourceKind.PROVIDER, request.providerId(), "providerId");
            DifyImport.Result result = DifyImport.read(request.yaml(), request.providerId());
            scope.requireGraphReferences(result.graph());
            Workflow created = service.store().create(result.name(), result.graph());
            scope.claim(ResourceKind.WORKFLOW, created.id());
            return new DifyResult(view(service, created), result.unmapped());
        });
    }
}
