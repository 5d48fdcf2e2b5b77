package io.switchboard.channels.testing;

import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/** One channel adapter mounted on a real HTTP server on 127.0.0.1 and a free port. */
public final class ChannelTestServer implements AutoCloseable {
    private final HttpServer server;

    private ChannelTestServer(HttpServer server) {
        this.server = server;
    }

    public static ChannelTestServer start(ChannelAdapter adapter, ChannelContext context) {
        Router router = Router.router(context.vertx());
        adapter.mount(router, context);
        return new ChannelTestServer(
                await(context.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1")));
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        await(server.close());
    }

    public static <T> T await(Future<T> future) {
        try {
            // Generous: a cold first request (class loading of a platform SDK) on a loaded 2-core machine.
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Vert.x operation did not complete", e);
        }
    }
}
