package io.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.workflow.HumanDecision;
import io.switchboard.runtime.workflow.PausedRun;
import io.switchboard.runtime.workflow.WorkflowRun;
import io.switchboard.runtime.workflow.WorkflowService;
import io.switchboard.runtime.workflow.WorkflowTrigger;
import io.switchboard.runtime.workflow.WorkflowTriggers;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs that wait for a person (list, decide) and the triggers that start workflows without a chat
 * message (schedules, webhooks), plus the public webhook route itself ({@link #mountPublic}).
 */
final class WorkflowRunRoutes {
    /** Where webhooks are called, under the admin API's mount path; needs no bearer token, only the secret. */
    static final String HOOK_PATH = "/workflow-hooks/";

    record Decision(String action, Map<String, Object> values, String comment) {
        Decision {
            if (action == null || action.isBlank()) {
                throw new IllegalArgumentException("action is required (one of the node's action ids)");
            }
        }
    }

    record PausedView(
            String runId,
            String workflowId,
            int version,
            String waiting,
            String prompt,
            List<String> actions,
            Map<String, Object> editable,
            Instant timeoutAt,
            Instant createdAt) {
        static PausedView of(PausedRun run) {
            return new PausedView(
                    run.runId(),
                    run.workflowId(),
                    run.version(),
                    run.waiting(),
                    run.prompt(),
                    run.actions(),
                    run.editable(),
                    run.timeoutAt(),
                    run.createdAt());
        }
    }

    record NewTrigger(
            WorkflowTrigger.Kind kind,
            String cron,
            String timeZone,
            Map<String, Object> inputs,
            Map<String, String> mapping) {
        NewTrigger {
            if (kind == null) {
                throw new IllegalArgumentException("kind is required: schedule or webhook");
            }
        }
    }

    record CreatedTrigger(WorkflowTrigger trigger, String secret, String path) {}

    record HookResult(
            String runId, WorkflowRun.Status status, Map<String, Object> outputs, String error, boolean repeated) {}

    private final SkillsBackend skills;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    WorkflowRunRoutes(AdminBackend backend, VirtualThreads blocking, JsonCodec json) {
        this.skills = backend.skills();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/workflows/:id/paused").handler(ctx -> {
            Paging paging = Paging.from(ctx);
            reply(
                    ctx,
                    200,
                    () -> new WorkflowRoutes.Page(
                            paging.offset(),
                            paging.limit(),
                            paused(workflows()).list(ctx.pathParam("id"), paging.offset(), paging.limit()).stream()
                                    .map(PausedView::of)
                                    .toList()));
        });
        router.post("/workflows/:id/runs/:runId/decision").handler(ctx -> {
            Decision decision = json.read(ctx, Decision.class);
            String by = ctx.user() == null ? "admin" : ctx.user().subject();
            reply(
                    ctx,
                    200,
                    () -> workflows()
                            .decide(
                                    ctx.pathParam("id"),
                                    ctx.pathParam("runId"),
                                    new HumanDecision(decision.action(), decision.values(), decision.comment(), by)));
        });
        router.get("/workflows/:id/triggers")
                .handler(ctx -> reply(ctx, 200, () -> Map.of("items", triggers().list(ctx.pathParam("id")))));
        router.post("/workflows/:id/triggers").handler(ctx -> {
            NewTrigger request = json.read(ctx, NewTrigger.class);
            reply(ctx, 201, () -> {
                WorkflowTriggers.Created created = triggers()
                        .create(
                                ctx.pathParam("id"),
                                request.kind(),
                                request.cron(),
                                request.timeZone(),
                                request.inputs(),
                                request.mapping());
                return new CreatedTrigger(
                        created.trigger(),
                        created.secret(),
                        created.secret() == null
                                ? null
                                : AdminApi.MOUNT_PATH + HOOK_PATH
                                        + created.trigger().id() + "/" + created.secret());
            });
        });
        router.delete("/workflows/:id/triggers/:triggerId").handler(ctx -> {
            if (skills == null || skills.triggers() == null) {
                ctx.fail(ApiException.notFound("triggers are not configured on this gateway"));
                return;
            }
            blocking.call(() -> workflows().triggers().delete(ctx.pathParam("id"), ctx.pathParam("triggerId")))
                    .onSuccess(existed -> {
                        if (existed) {
                            Responses.noContent(ctx);
                        } else {
                            ctx.fail(ApiException.notFound(
                                    "trigger '" + ctx.pathParam("triggerId") + "' does not exist"));
                        }
                    })
                    .onFailure(ctx::fail);
        });
    }

    /** {@code POST /workflow-hooks/{triggerId}/{secret}}: before authentication, the secret is the key. */
    void mountPublic(Router router, io.vertx.ext.web.handler.BodyHandler body) {
        router.post(HOOK_PATH + ":triggerId/:secret").handler(body).handler(ctx -> {
            JsonNode payload = json.readOptional(ctx, JsonNode.class);
            String key = ctx.request().getHeader("Idempotency-Key");
            reply(ctx, 200, () -> {
                WorkflowTriggers.WebhookRun fired =
                        triggers().fireWebhook(ctx.pathParam("triggerId"), ctx.pathParam("secret"), payload, key);
                WorkflowRun run = fired.run();
                return new HookResult(run.id(), run.status(), run.outputs(), run.error(), fired.repeated());
            });
        });
    }

    private WorkflowService workflows() {
        if (skills == null) {
            throw ApiException.notFound("workflows are not configured on this gateway");
        }
        return skills.workflows();
    }

    private WorkflowTriggers triggers() {
        if (skills == null || skills.triggers() == null) {
            throw ApiException.notFound("triggers are not configured on this gateway");
        }
        return skills.triggers();
    }

    private static io.switchboard.runtime.workflow.PausedRunStore paused(WorkflowService service) {
        if (service.pausedRuns() == null) {
            throw ApiException.notFound("this gateway keeps no paused runs");
        }
        return service.pausedRuns();
    }

    private <T> void reply(RoutingContext ctx, int status, Callable<T> work) {
        blocking.call(work)
                .onSuccess(value -> Responses.json(ctx, status, value, json))
                .onFailure(failure -> WorkflowRoutes.fail(ctx, failure, json));
    }
}
