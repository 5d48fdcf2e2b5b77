package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.gateway.config.GatewayConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, Found 2, bounded: a body sent a byte at a time is cut with 408, headers sent a byte at a time
 * are cut, connections over the per-address cap are closed at once, and the health checks stay green
 * while one client holds many idle connections. Every socket read has a timeout, so a missing cut fails
 * the test instead of hanging it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpLimitsTest {
    private static final int CAP = 20;
    private static final Duration HEADER_TIME = Duration.ofSeconds(3);
    private Gateway gateway;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
        gateway = Gateway.start(TestGateways.config(dir, cluster, 0)
                .http(new GatewayConfig.Http(
                        "127.0.0.1", 0, "", 1, Duration.ofSeconds(30), HEADER_TIME, Duration.ofSeconds(1), CAP))
                .build());
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void should_answer_408_and_close_when_the_body_trickles_in() throws Exception {
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /chat/switchboard-guide/messages HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        Thread.sleep(200); // the slow client's pace, not a wait for the server
                        out.write(' ');
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // cut by the server: expected
                }
            });

            String answer = readUntilClosed(socket);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout");
            trickle.interrupt();
        }
    }

    @Test
    void should_answer_json_414_and_431_to_requests_over_the_decoder_limits() throws Exception {
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            socket.getOutputStream()
                    .write(("GET /admin/v1/auth/external/callback?code=" + "x".repeat(10_000)
                                    + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));

            assertThat(readUntilClosed(socket))
                    .matches("(?s)HTTP/1\\.[01] 414 .*")
                    .contains("application/json")
                    .contains("\"code\":\"uri_too_long\"");
        }
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            socket.getOutputStream()
                    .write(("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));

            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 431").contains("\"code\":\"headers_too_large\"");
        }
    }

    @Test
    void should_close_a_connection_whose_headers_trickle_in() throws Exception {
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        Thread.sleep(200);
                        out.write('X');
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // cut by the server: expected
                }
            });

            assertThat(readUntilClosed(socket)).doesNotContain("200 OK");
            trickle.interrupt();
        }
    }

    @Test
    void should_stay_healthy_while_one_client_holds_many_idle_connections() throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 10 * CAP; i++) {
                idle.add(connect(other));
            }
            HttpTestClient health = new HttpTestClient("http://127.0.0.1:" + gateway.port());
            assertThat(health.send("GET", "/health/ready", null).status()).isEqualTo(200);
            assertThat(health.send("GET", "/health/live", null).status()).isEqualTo(200);

            // Over the cap: closed at once. The rest: open until their header time (3 s) is up.
            long closedAtOnce = 0;
            for (Socket socket : idle.subList(CAP, idle.size())) {
                socket.setSoTimeout(2000);
                if (socket.getInputStream().read() == -1) {
                    closedAtOnce++;
                }
            }
            assertThat(closedAtOnce).isEqualTo(idle.size() - CAP);
            Socket underCap = idle.get(CAP - 1);
            underCap.setSoTimeout(100);
            assertThatThrownBy(() -> underCap.getInputStream().read())
                    .as("a connection within the cap stays open until its header time is up")
                    .isInstanceOf(SocketTimeoutException.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (Socket socket : idle.subList(0, CAP)) {
                    socket.setSoTimeout(5000);
                    if (socket.getInputStream().read() != -1) {
                        return false;
                    }
                }
                return true;
            });
            assertThat(health.send("GET", "/health/ready", null).status()).isEqualTo(200);
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    private Socket connect(InetAddress from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Everything the server sends until it closes; a read that times out fails the test. */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection; received: " + received, e);
        } catch (IOException e) {
            // reset by the server: closed
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
