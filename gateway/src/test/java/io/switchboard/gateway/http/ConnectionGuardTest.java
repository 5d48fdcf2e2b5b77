package io.switchboard.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The body clock of each request stops when the body is in: a clock left running for its whole
 * {@code bodyReadTimeout} kept every answered request reachable (and, at thousands of turns/s, hundreds of MB
 * of them in the old generation). The 408 for a body that trickles in is {@code HttpLimitsTest}'s.
 */
class ConnectionGuardTest {
    private Vertx vertx;
    private ConnectionGuard guard;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        guard = new ConnectionGuard(vertx, new ConnectionGuard.Limits(null, null, Duration.ofSeconds(60), 0));
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.post("/echo").handler(ctx -> ctx.response().end(ctx.body().asString()));
        server = vertx.createHttpServer(
                        guard.apply(new HttpServerOptions().setHost("127.0.0.1").setPort(0)))
                .connectionHandler(guard.connections())
                .requestHandler(guard.requests(router))
                .listen()
                .await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void should_stop_each_body_clock_once_the_body_has_arrived() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/echo"))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"n\":" + i + "}");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> guard.bodyClocks() == 0);
    }

    @Test
    void should_stop_the_body_clock_when_the_client_leaves_before_its_body_is_in() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.actualPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> guard.bodyClocks() == 1);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> guard.bodyClocks() == 0);
    }
}
