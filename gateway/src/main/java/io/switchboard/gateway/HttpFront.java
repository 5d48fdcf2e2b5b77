package io.switchboard.gateway;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.admin.AdminApi;
import io.switchboard.gateway.bootstrap.Closer;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.http.ConnectionGuard;
import io.switchboard.gateway.http.ConsoleRoutes;
import io.switchboard.gateway.http.HttpRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What the node answers HTTP with: one router holding the health and metrics routes, the admin API and
 * every channel, served by one or more servers sharing the listening socket.
 */
final class HttpFront implements AutoCloseable {
    private final Closer started;
    private final Router router;
    private final HttpRoutes routes;
    private final Channels channels;
    private int port;

    private HttpFront(
            VertxNode node,
            BooleanSupplier databaseHealthy,
            HazelcastInstance hazelcast,
            AdminApi admin,
            Channels channels,
            Closer started) {
        this.started = started;
        this.channels = channels;
        router = Router.router(node.vertx());
        routes = HttpRoutes.create(router, node.metrics(), databaseHealthy, hazelcast, channels.bridge());
        router.route(AdminApi.MOUNT_PATH + "/*").subRouter(admin.router());
        ConsoleRoutes.mount(router);
        channels.mount(router);
        routes.finish(AdminApi.openApiYaml());
    }

    /** Mounts everything and listens on {@code http.host}:{@code http.port}. */
    static HttpFront listen(
            GatewayConfig.Http http,
            VertxNode node,
            BooleanSupplier databaseHealthy,
            HazelcastInstance hazelcast,
            AdminApi admin,
            Channels channels)
            throws Exception {
        return Closer.startOrClose("http", started -> {
            HttpFront front = new HttpFront(node, databaseHealthy, hazelcast, admin, channels, started);
            front.port = front.listen(node.vertx(), http);
            return front;
        });
    }

    private int listen(Vertx vertx, GatewayConfig.Http http) {
        int instances = http.port() == 0
                ? 1
                : http.instances() == 0 ? Runtime.getRuntime().availableProcessors() : http.instances();
        ConnectionGuard guard = new ConnectionGuard(vertx, http.limits());
        HttpServerOptions options = guard.apply(new HttpServerOptions()
                .setHost(http.host())
                .setPort(http.port())
                .setCompressionSupported(true)
                // No WebSocket route is served: without these Vert.x adds no WebSocket extension handler,
                // which every HTTP request and response passed through (~2 % of a turn's CPU in a profile).
                .setPerFrameWebSocketCompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false)
                .setTcpNoDelay(true));
        int boundPort = 0;
        for (int i = 0; i < instances; i++) {
            // Each server created from this (non-Vert.x) thread gets its own event loop; Vert.x
            // shares the listening socket between them.
            HttpServer server = vertx.createHttpServer(options)
                    .connectionHandler(guard.connections())
                    .invalidRequestHandler(ConnectionGuard.invalidRequests())
                    .requestHandler(guard.requests(router));
            boundPort = server.listen().await().actualPort();
            started.add(server, s -> s.close().await());
        }
        return boundPort;
    }

    int port() {
        return port;
    }

    Router router() {
        return router;
    }

    /**
     * Refuses new turns (readiness turns false, messages get 503) and waits up to {@code grace} for the
     * running ones and every response still being written.
     *
     * @return true when everything finished within {@code grace}
     */
    boolean drain(Duration grace) throws InterruptedException {
        routes.markStopping();
        channels.bridge().stopAccepting();
        return routes.awaitDrained(grace);
    }

    int activeRequests() {
        return routes.activeRequests();
    }

    @Override
    public void close() throws Exception {
        started.close();
    }
}
