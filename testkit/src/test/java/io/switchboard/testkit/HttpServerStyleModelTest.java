package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake reproduces the stall it exists for, and only for the client that causes it. */
class HttpServerStyleModelTest {
    private static final String BODY = "{\"model\":\"fake-model\",\"messages\":[]}";

    @Test
    void a_head_and_body_written_apart_without_nodelay_wait_for_the_delayed_ack() throws Exception {
        List<Duration> waits = exchange(false, false);
        // The first request rides the fresh connection's quick ACKs; later ones stall (on a loaded machine
        // the kernel's ACK timing varies, so one stall is the proof, not every one).
        assertThat(waits.subList(1, waits.size()))
                .anySatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMillis(30)));
    }

    @Test
    void one_write_or_nodelay_does_not_stall() throws Exception {
        assertThat(exchange(true, false).stream().min(Duration::compareTo).orElseThrow())
                .isLessThan(Duration.ofMillis(20));
        assertThat(exchange(false, true).stream().min(Duration::compareTo).orElseThrow())
                .isLessThan(Duration.ofMillis(20));
    }

    /** Four plain requests on one kept-alive connection; how long each body followed its head. */
    private static List<Duration> exchange(boolean oneWrite, boolean noDelay) throws Exception {
        try (HttpServerStyleModel model = HttpServerStyleModel.start()) {
            URI uri = URI.create(model.baseUrl());
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                for (int i = 0; i < 4; i++) {
                    byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: " + uri.getHost()
                                    + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length()
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
                    if (oneWrite) {
                        byte[] all = new byte[head.length + body.length];
                        System.arraycopy(head, 0, all, 0, head.length);
                        System.arraycopy(body, 0, all, head.length, body.length);
                        out.write(all);
                    } else {
                        out.write(head);
                        out.write(body);
                    }
                    readResponse(in);
                }
            }
            return model.requests().stream()
                    .map(HttpServerStyleModel.Arrival::bodyAfterHead)
                    .toList();
        }
    }

    private static void readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        String lengthLine = head.toString()
                .lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .findFirst()
                .orElseThrow();
        int length = Integer.parseInt(
                lengthLine.substring(lengthLine.indexOf(':') + 1).trim());
        assertThat(in.readNBytes(length)).hasSize(length);
    }
}
