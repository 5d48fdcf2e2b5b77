package io.switchboard.gateway.http;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.gateway.bridge.RuntimeBridge;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** The gateway's own routes: health probes, metrics, the OpenAPI document, and the JSON fallbacks. */
public final class HttpRoutes {
    /** The readiness probe asks the database on these. */
    private static final VirtualThreads PROBES = VirtualThreads.named("health-probe");

    private static final String HEAD_AS_GET = "switchboard.headAsGet";
    /** Methods some route serves; any other (TRACE, CONNECT, QUERY, ...) is a 405 wherever it is sent. */
    private static final Set<HttpMethod> SERVED = Set.of(
            HttpMethod.GET,
            HttpMethod.HEAD,
            HttpMethod.POST,
            HttpMethod.PUT,
            HttpMethod.PATCH,
            HttpMethod.DELETE,
            HttpMethod.OPTIONS);

    private volatile DocumentedMethods documented;
    private final Router router;
    private final BooleanSupplier databaseHealthy;
    private final HazelcastInstance hazelcast;
    private final RuntimeBridge bridge;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean stopping;

    private HttpRoutes(
            Router router, BooleanSupplier databaseHealthy, HazelcastInstance hazelcast, RuntimeBridge bridge) {
        this.router = router;
        this.databaseHealthy = databaseHealthy;
        this.hazelcast = hazelcast;
        this.bridge = bridge;
    }

    public static HttpRoutes create(
            Router router,
            PrometheusMeterRegistry registry,
            BooleanSupplier databaseHealthy,
            HazelcastInstance hazelcast,
            RuntimeBridge bridge) {
        HttpRoutes routes = new HttpRoutes(router, databaseHealthy, hazelcast, bridge);
        // First handler of every request: counts requests until their response has ended or their
        // connection closed, so shutdown can wait until every answer is out, not just computed.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            routes.active.incrementAndGet();
            ctx.addEndHandler(end -> routes.active.decrementAndGet());
            if (routes.stopping && isPlatformCallback(ctx)) {
                // A stopping member takes no new platform message: claimed here, its turn would be refused
                // (the bridge accepts none received after the stop) and the user would read an apology.
                // Refused, the platform delivers it again — to another member (a load balancer follows
                // the readiness probe; WeChat and WeCom retry, Telegram redelivers).
                JsonErrors.send(ctx, 503, "Switchboard is shutting down; deliver the message again");
                return;
            }
            ctx.next();
        });
        // TRACE is served nowhere, OPTIONS only as a CORS preflight where a route answers it (the developer
        // API): 405, not 404. HEAD is answered as GET, whose body the server leaves out.
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            HttpMethod method = ctx.request().method();
            if (!SERVED.contains(method) || (method == HttpMethod.OPTIONS && !isPreflight(ctx))) {
                routes.refuseMethod(ctx);
            } else if (method == HttpMethod.HEAD && ctx.get(HEAD_AS_GET) == null) {
                ctx.put(HEAD_AS_GET, true);
                ctx.reroute(HttpMethod.GET, ctx.request().uri());
            } else {
                ctx.next();
            }
        });
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(routes::ready);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        return routes;
    }

    /** Adds the OpenAPI document and the fallbacks; call after every other route is mounted. */
    public void finish(String openApiYaml) {
        documented = DocumentedMethods.parse(openApiYaml);
        router.get("/openapi.yaml")
                .handler(ctx -> ctx.response()
                        .putHeader("content-type", "application/yaml; charset=utf-8")
                        .end(openApiYaml));
        router.route().last().handler(ctx -> {
            String allow = documented.allow(ctx.request().path());
            String method = ctx.request().method().name();
            if (method.equals("OPTIONS")
                    || (allow != null && !List.of(allow.split(", ")).contains(method))) {
                // A documented path asked with a method it does not take.
                refuseMethod(ctx);
            } else {
                JsonErrors.send(
                        ctx,
                        404,
                        "no such route: " + ctx.request().method() + " "
                                + ctx.request().path());
            }
        });
        router.route().failureHandler(JsonErrors::handle);
    }

    /** Where the messaging platforms deliver messages (WeChat, WeCom and Telegram webhooks). */
    private static boolean isPlatformCallback(RoutingContext ctx) {
        String path = ctx.request().path();
        return ctx.request().method() == HttpMethod.POST
                && (path.startsWith("/wechat/") || path.startsWith("/wecom/") || path.startsWith("/telegram/"));
    }

    /** Readiness turns false at shutdown, so a load balancer stops sending before turns drain. */
    public void markStopping() {
        stopping = true;
    }

    /**
     * Waits until no request is being answered (other than those still arriving) or {@code grace} has
     * passed; true when none is left.
     */
    public boolean awaitDrained(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while ((active.get() > 0 || bridge.inFlight() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return active.get() == 0 && bridge.inFlight() == 0;
    }

    public int activeRequests() {
        return active.get();
    }

    private void ready(RoutingContext ctx) {
        boolean hazelcastUp = hazelcast.getLifecycleService().isRunning();
        PROBES.call(databaseHealthy::getAsBoolean).onComplete(result -> {
            boolean databaseUp = result.succeeded() && Boolean.TRUE.equals(result.result());
            boolean up = !stopping && databaseUp && hazelcastUp;
            json(
                    ctx,
                    up ? 200 : 503,
                    new JsonObject()
                            .put("status", up ? "UP" : "DOWN")
                            .put("database", databaseUp ? "UP" : "DOWN")
                            .put("cluster", hazelcastUp ? "UP" : "DOWN")
                            .put(
                                    "members",
                                    hazelcastUp
                                            ? hazelcast
                                                    .getCluster()
                                                    .getMembers()
                                                    .size()
                                            : 0)
                            .put("accepting", !stopping)
                            .put("inFlightTurns", bridge.inFlight()));
        });
    }

    private static boolean isPreflight(RoutingContext ctx) {
        return ctx.request().getHeader("Origin") != null
                && ctx.request().getHeader("Access-Control-Request-Method") != null;
    }

    private void refuseMethod(RoutingContext ctx) {
        DocumentedMethods known = documented;
        String allow = known == null ? null : known.allow(ctx.request().path());
        ctx.response().putHeader("Allow", allow != null ? allow : "GET, HEAD, POST, PUT, PATCH, DELETE");
        JsonErrors.send(ctx, 405, "method " + ctx.request().method() + " is not allowed");
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
