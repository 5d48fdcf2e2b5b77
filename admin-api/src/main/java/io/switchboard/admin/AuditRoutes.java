package io.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.audit.AuditEntry;
import io.switchboard.runtime.audit.AuditQuery;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The audit log: every change through the admin API recorded (who, when, from where, resource, action,
 * the resource before and after with secrets masked), {@code GET /audit} with filters and paging,
 * {@code GET /audit.csv}, and trimming entries older than the retention.
 *
 * <p>Before a change of {@code /x/{id}...} the recorder reads {@code GET} of the same path (with the
 * caller's token, over loopback to this server), and keeps the change's JSON answer as the after state;
 * a path without a GET has no before state.
 */
final class AuditRoutes {
    static final String AFTER = "switchboard.audit.after";
    private static final int CSV_MAX_ROWS = 10_000;
    static final Set<String> READ_ONLY_ACTIONS =
            Set.of("messages", "test", "hit-test", "validate", "discovery", "debug-run", "refresh", "login", "logout");
    private static final Pattern SECRET =
            Pattern.compile("(?i).*(key|secret|password|token|credential|aeskey|authorization).*");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AuditTrail trail;
    private final VirtualThreads blocking;
    private final JsonCodec json;
    private final HttpClient loopback;
    private final Duration retention;

    record Page(List<AuditEntry> items, int offset, int limit) {}

    AuditRoutes(Vertx vertx, AuditTrail trail, VirtualThreads blocking, JsonCodec json, Duration retention) {
        this.trail = trail;
        this.blocking = blocking;
        this.json = json;
        this.retention = retention;
        this.loopback = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout(2000).setIdleTimeout(10));
        // Every member trims (idempotent); once at start, then hourly.
        vertx.setPeriodic(1000, Duration.ofHours(1).toMillis(), id -> blocking.execute(this::trim));
    }

    /** Mounted after authentication and the body handler, before the routes that change things. */
    void record(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            ctx.next();
            return;
        }
        String path = ctx.normalizedPath().substring(AdminApi.MOUNT_PATH.length());
        String[] segments = path.replaceFirst("^/", "").split("/");
        String last = segments[segments.length - 1];
        if (segments[0].equals("auth") || READ_ONLY_ACTIONS.contains(last) || path.contains("/debug/")) {
            ctx.next();
            return;
        }
        String actor = AuthRoutes.subject(ctx);
        String resource = segments[0];
        String resourceId = segments.length > 1 ? segments[1] : null;
        String action = action(method, segments);
        Instant at = trail.clock().instant();
        String address = AuditTrail.clientAddress(ctx);
        String fullPath = ctx.request().path();
        boolean hasBefore = method != HttpMethod.POST || segments.length > 2;
        readBefore(ctx, hasBefore).onComplete(before -> {
            ctx.addEndHandler(end -> {
                int status = ctx.response().getStatusCode();
                Object value = ctx.get(AFTER);
                String after = value == null ? null : masked(json.writeString(value));
                WorkspaceScope scope = ctx.get(WorkspaceScope.KEY);
                trail.record(new AuditEntry(
                        0,
                        at,
                        actor,
                        address,
                        action,
                        resource,
                        resourceId != null ? resourceId : idOf(after),
                        fullPath,
                        status,
                        masked(before.succeeded() ? before.result() : null),
                        after,
                        workspaceOf(scope, segments, after)));
            });
            ctx.next();
        });
    }

    void mount(Router router) {
        router.get("/audit").handler(this::list);
        router.get("/audit.csv").handler(this::csv);
    }

    private io.vertx.core.Future<String> readBefore(RoutingContext ctx, boolean wanted) {
        SocketAddress local = ctx.request().localAddress();
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String workspace = ctx.request().getHeader(WorkspaceGuard.HEADER);
        if (!wanted || local == null || local.port() <= 0) {
            return io.vertx.core.Future.succeededFuture(null);
        }
        String path = ctx.request().path();
        // A sub-action (POST /apps/x/publish) changes the resource it belongs to: read that.
        String target = ctx.request().method() == HttpMethod.POST ? path.substring(0, path.lastIndexOf('/')) : path;
        return loopback.request(new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setHost(local.hostAddress())
                        .setPort(local.port())
                        .setURI(target)
                        .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                        .putHeader(WorkspaceGuard.HEADER, workspace == null ? "" : workspace)
                        .setTimeout(5000))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode() == 200 ? body.toString() : null))
                .otherwise((String) null);
    }

    /**
     * The workspace a change was made in: the guard's (the header's, or the path's for
     * {@code /workspaces/{id}/...}); a workspace just created is its own; null for what has none.
     */
    private static String workspaceOf(WorkspaceScope scope, String[] segments, String after) {
        if (scope != null) {
            return scope.workspaceId();
        }
        if (segments[0].equals("workspaces")) {
            return segments.length > 1 ? segments[1] : idOf(after);
        }
        return null;
    }

    private static String action(HttpMethod method, String[] segments) {
        if (method == HttpMethod.DELETE) {
            return "delete";
        }
        if (method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            return "update";
        }
        return segments.length > 2 ? segments[segments.length - 1] : "create";
    }

    /** The {@code id} of a created resource's JSON, if it has one. */
    private static String idOf(String after) {
        if (after == null) {
            return null;
        }
        try {
            JsonNode id = MAPPER.readTree(after).get("id");
            return id == null || id.isNull() ? null : id.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** The JSON with every value under a secret-looking name replaced by {@code ***}; null stays null. */
    static String masked(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode tree = MAPPER.readTree(body);
            mask(tree);
            return MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            return null;
        }
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                if (SECRET.matcher(name).matches() && child.isValueNode() && !child.isNull() && !child.isBoolean()) {
                    object.set(name, TextNode.valueOf("***"));
                } else {
                    mask(child);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                mask(it.next());
            }
        }
    }

    private void list(RoutingContext ctx) {
        Paging paging = Paging.from(ctx, FILTERS);
        AuditQuery query = query(ctx, WorkspaceScope.of(ctx), paging.offset(), paging.limit());
        blocking.call(() -> trail.store().query(query))
                .onSuccess(items -> Responses.json(ctx, 200, new Page(items, paging.offset(), paging.limit()), json))
                .onFailure(ctx::fail);
    }

    private void csv(RoutingContext ctx) {
        Responses.allowQuery(ctx, FILTERS);
        AuditQuery first = query(ctx, WorkspaceScope.of(ctx), 0, 1000);
        blocking.call(() -> {
                    StringBuilder out = new StringBuilder(
                            "id,at,actor,address,action,resource,resourceId,path,status,before,after\n");
                    for (int offset = 0; offset < CSV_MAX_ROWS; offset += 1000) {
                        List<AuditEntry> page = trail.store()
                                .query(new AuditQuery(
                                        first.workspaceId(),
                                        first.actor(),
                                        first.action(),
                                        first.resource(),
                                        first.resourceId(),
                                        first.from(),
                                        first.to(),
                                        offset,
                                        1000));
                        for (AuditEntry e : page) {
                            out.append(e.id())
                                    .append(',')
                                    .append(e.at())
                                    .append(',')
                                    .append(cell(e.actor()))
                                    .append(',')
                                    .append(cell(e.address()))
                                    .append(',')
                                    .append(cell(e.action()))
                                    .append(',')
                                    .append(cell(e.resource()))
                                    .append(',')
                                    .append(cell(e.resourceId()))
                                    .append(',')
                                    .append(cell(e.path()))
                                    .append(',')
                                    .append(e.status())
                                    .append(',')
                                    .append(cell(e.before()))
                                    .append(',')
                                    .append(cell(e.after()))
                                    .append('\n');
                        }
                        if (page.size() < 1000) {
                            break;
                        }
                    }
                    return out.toString();
                })
                .onSuccess(body -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"audit.csv\"")
                        .end(Buffer.buffer(body)))
                .onFailure(ctx::fail);
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    private static final String[] FILTERS = {"workspace", "actor", "action", "resource", "resourceId", "from", "to"};

    /**
     * The filters of the request, within what the caller may see: an admin of the default workspace (the
     * installation's) sees every entry and may narrow them to one workspace with {@code workspace}; an
     * admin of another workspace only the entries made in it.
     */
    private static AuditQuery query(RoutingContext ctx, WorkspaceScope scope, int offset, int limit) {
        String workspace = ctx.queryParams().get("workspace");
        if (workspace != null) {
            // Given is given: `?workspace=` or a padded id is a mistake (the document's pattern), not "all".
            try {
                workspace = Workspace.requireValidId(workspace);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("workspace: " + e.getMessage());
            }
            if (!scope.workspaceId().equals(Workspace.DEFAULT_ID) && !workspace.equals(scope.workspaceId())) {
                throw ApiException.badRequest("workspace: an admin of workspace '" + scope.workspaceId()
                        + "' sees only its entries; leave workspace out or set it to '" + scope.workspaceId() + "'");
            }
        } else {
            workspace = scope.workspaceId().equals(Workspace.DEFAULT_ID) ? null : scope.workspaceId();
        }
        Map<String, String> filters = new java.util.HashMap<>();
        for (String name : List.of("actor", "action", "resource", "resourceId")) {
            String value = ctx.queryParams().get(name);
            if (value != null && !value.isBlank()) {
                if (value.codePointCount(0, value.length()) > 255) {
                    throw ApiException.badRequest(name + " must be at most 255 characters");
                }
                filters.put(name, value);
            }
        }
        return new AuditQuery(
                workspace,
                filters.get("actor"),
                filters.get("action"),
                filters.get("resource"),
                filters.get("resourceId"),
                instant(ctx, "from"),
                instant(ctx, "to"),
                offset,
                limit);
    }

    private static Instant instant(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return null;
        }
        try {
            // An empty value is no instant either: refused like any other, not taken as "no filter".
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }

    /**
     * Deletes the entries older than the retention by the trail's clock; blocking (a virtual thread).
     * Returns how many went, -1 when the store failed (logged: the next hour tries again).
     */
    int trim() {
        try {
            return trail.store().deleteOlderThan(trail.clock().instant().minus(retention));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(AuditRoutes.class).warn("could not trim the audit log", e);
            return -1;
        }
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
