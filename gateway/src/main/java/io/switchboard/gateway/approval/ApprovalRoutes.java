package io.switchboard.gateway.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.workflow.HumanDecision;
import io.switchboard.runtime.workflow.PausedRun;
import io.switchboard.runtime.workflow.WorkflowRun;
import io.switchboard.runtime.workflow.WorkflowService;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval page a signed link opens, without an admin login: {@code GET /approvals/{token}} shows
 * the prompt, the editable fields and one button per action (never decides anything: link previews and
 * scanners fetch links); {@code POST /approvals/{token}} (a form, or JSON {@code {action, values,
 * comment}}) decides the run as the link's holder, on whichever member receives it. Answers HTML, or
 * JSON when the request was JSON. A link for a run that is no longer waiting at that node is a 410.
 */
final class ApprovalRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalRoutes.class);
    static final String PATH = "/approvals/";
    private static final int BODY_LIMIT = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApprovalLinks links;
    private final WorkflowService workflows;
    private final VirtualThreads blocking;

    ApprovalRoutes(ApprovalLinks links, WorkflowService workflows, VirtualThreads blocking) {
        this.links = links;
        this.workflows = workflows;
        this.blocking = blocking;
    }

    void mount(Router router) {
        router.get(PATH + ":token")
                .handler(ctx -> answer(ctx, () -> {
                    ApprovalLinks.Claim claim = links.verify(ctx.pathParam("token"));
                    PausedRun paused = waiting(claim);
                    return new Answer(
                            200,
                            ApprovalPage.form(paused, claim, ctx.queryParams().get("action")),
                            new JsonObject()
                                    .put("prompt", paused.prompt())
                                    .put("actions", paused.actions())
                                    .put("values", new JsonObject(new LinkedHashMap<>(paused.editable()))));
                }));
        router.post(PATH + ":token")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(ctx -> answer(ctx, () -> decide(ctx)));
    }

    private Answer decide(RoutingContext ctx) {
        ApprovalLinks.Claim claim = links.verify(ctx.pathParam("token"));
        PausedRun paused = waiting(claim);
        String action;
        Map<String, Object> values = new LinkedHashMap<>();
        String comment;
        if (json(ctx)) {
            JsonObject body;
            try {
                body = ctx.body().asJsonObject();
            } catch (DecodeException e) {
                throw new HttpException(400, "the body is not a JSON object");
            }
            if (body == null) {
                throw new HttpException(400, "the body must be {action, values, comment}");
            }
            action = body.getValue("action") instanceof String a ? a : null;
            comment = body.getValue("comment") instanceof String c ? c : null;
            if (body.getValue("values") instanceof JsonObject given) {
                values.putAll(given.getMap());
            }
        } else {
            MultiMap form = ctx.request().formAttributes();
            action = form.get("action");
            comment = blankToNull(form.get("comment"));
            for (Map.Entry<String, Object> field : paused.editable().entrySet()) {
                String edited = form.get("field." + field.getKey());
                if (edited != null) {
                    values.put(field.getKey(), typed(field.getKey(), edited, field.getValue()));
                }
            }
        }
        if (action == null || action.isBlank()) {
            throw new HttpException(400, "action is required: one of " + paused.actions());
        }
        if (!paused.actions().contains(action)) {
            throw new HttpException(400, "action must be one of " + paused.actions() + ", got '" + action + "'");
        }
        HumanDecision decision;
        try {
            decision = new HumanDecision(action, values, comment, claim.by());
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, e.getMessage());
        }
        WorkflowRun run = workflows.decide(claim.workflowId(), claim.runId(), decision);
        LOG.info("run {} decided through an approval link: {}", run.id(), action);
        return new Answer(
                200,
                ApprovalPage.decided(PauseNotifier.label(paused.graph().node(paused.waiting()), action), run),
                new JsonObject()
                        .put("runId", run.id())
                        .put("action", action)
                        .put("status", run.status().wireName()));
    }

    /** A button press in a chat: the link's action, decided by its holder with the fields as they are. */
    String press(String bindingId, String recipient, String url) {
        int at = url.indexOf(PATH);
        int query = url.indexOf("?action=");
        if (at < 0 || query < at) {
            return "This button does not decide anything.";
        }
        String action = java.net.URLDecoder.decode(url.substring(query + 8), java.nio.charset.StandardCharsets.UTF_8);
        try {
            ApprovalLinks.Claim claim = links.verify(url.substring(at + PATH.length(), query));
            if (!claim.by().equals("staff:" + bindingId + ":" + recipient)) {
                return "This decision was asked of someone else.";
            }
            PausedRun paused = waiting(claim);
            if (!paused.actions().contains(action)) {
                return "This choice is no longer offered.";
            }
            WorkflowRun run = workflows.decide(
                    claim.workflowId(), claim.runId(), new HumanDecision(action, Map.of(), null, claim.by()));
            LOG.info("run {} decided through a chat button: {}", run.id(), action);
            return "Recorded: " + PauseNotifier.label(paused.graph().node(paused.waiting()), action)
                    + ". The run is now " + run.status().wireName() + ".";
        } catch (HttpException e) {
            return e.getPayload() != null ? e.getPayload() : "This button no longer works.";
        } catch (ConflictException | NotFoundException e) {
            return "This run was decided already.";
        }
    }

    private PausedRun waiting(ApprovalLinks.Claim claim) {
        if (workflows.pausedRuns() == null) {
            throw new HttpException(404, "this gateway keeps no paused runs");
        }
        Optional<PausedRun> found = workflows.pausedRuns().find(claim.workflowId(), claim.runId());
        if (found.isEmpty() || !found.get().waiting().equals(claim.nodeId())) {
            throw new HttpException(410, "this run is no longer waiting for this decision");
        }
        return found.get();
    }

    /** A field as edited in the form, in the type its current value has (numbers, booleans, JSON). */
    static Object typed(String name, String edited, Object current) {
        if (current == null || current instanceof String) {
            return edited;
        }
        try {
            JsonNode parsed = JSON.readTree(edited.isBlank() ? "null" : edited);
            Object value = JSON.treeToValue(parsed, Object.class);
            boolean fits = value == null
                    || (current instanceof Number && value instanceof Number)
                    || (current instanceof Boolean && value instanceof Boolean)
                    || (current instanceof Map && value instanceof Map)
                    || (current instanceof java.util.List && value instanceof java.util.List);
            if (!fits) {
                throw new HttpException(400, "field '" + name + "' must stay a " + kind(current));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new HttpException(400, "field '" + name + "' must be a " + kind(current) + " (JSON)");
        }
    }

    private static String kind(Object value) {
        return value instanceof Number
                ? "number"
                : value instanceof Boolean ? "boolean" : value instanceof Map ? "JSON object" : "JSON array";
    }

    private static boolean json(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    record Answer(int status, String html, JsonObject json) {}

    private void answer(RoutingContext ctx, Callable<Answer> work) {
        boolean wantsJson =
                json(ctx) || String.valueOf(ctx.request().getHeader("Accept")).startsWith("application/json");
        blocking.call(work).onComplete(done -> {
            Answer answer;
            if (done.succeeded()) {
                answer = done.result();
            } else {
                Throwable e = done.cause();
                int status = e instanceof HttpException http
                        ? http.getStatusCode()
                        : e instanceof ConflictException ? 409 : e instanceof NotFoundException ? 410 : 500;
                String message = e instanceof HttpException http && http.getPayload() != null
                        ? http.getPayload()
                        : status == 500 ? "the decision could not be recorded right now; try again" : e.getMessage();
                if (status == 500) {
                    LOG.warn("approval page failed", e);
                }
                answer = new Answer(
                        status,
                        ApprovalPage.problem(message),
                        new JsonObject().put("error", new JsonObject().put("message", message)));
            }
            var response = ctx.response()
                    .setStatusCode(answer.status())
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("X-Frame-Options", "DENY");
            if (wantsJson) {
                response.putHeader("Content-Type", "application/json")
                        .end(answer.json().encode());
            } else {
                response.putHeader(
                                "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .end(answer.html());
            }
        });
    }
}
