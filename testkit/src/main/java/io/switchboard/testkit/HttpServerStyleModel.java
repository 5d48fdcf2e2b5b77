package io.switchboard.testkit;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.net.ExtendedSocketOptions;

/**
 * An OpenAI-compatible model served the way Python's plain {@code http.server} serves one, on raw
 * sockets: one thread per connection, the request head read first (a buffered read that returns what
 * has arrived) and the body with a read of its own, no {@code TCP_NODELAY}, each SSE event written with
 * its own send and the stream ended by closing the connection (HTTP/1.0); plain answers keep an HTTP/1.1
 * connection open, as http.server does with {@code protocol_version = "HTTP/1.1"}. It also delays its ACKs
 * ({@code TCP_QUICKACK} off before every read), as a Linux peer does once a connection looks
 * interactive, so a client that sends the head and the body in two segments without
 * {@code TCP_NODELAY} stalls: Nagle holds the body until the head is acknowledged, about 40 ms later.
 * (On a fresh connection the kernel acknowledges the first segments at once, so the stall shows
 * reliably from the second request on a kept-alive connection.)
 *
 * <p>{@link #requests()} records, per request, how long the body took to follow the head.
 */
public final class HttpServerStyleModel implements AutoCloseable {
    /** One request as it arrived. */
    public record Arrival(String requestLine, JsonObject body, Duration bodyAfterHead, int reads) {}

    private static final byte[] CRLF2 = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> WORDS = List.of("Your", " order", " ships", " today", ".");

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Arrival> requests = new CopyOnWriteArrayList<>();

    private HttpServerStyleModel() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofPlatform().daemon().name("http-server-style-model").start(this::accept);
    }

    public static HttpServerStyleModel start() {
        return new HttpServerStyleModel();
    }

    /** The OpenAI base URL, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    public List<Arrival> requests() {
        return List.copyOf(requests);
    }

    /** The text a streamed or plain completion answers with. */
    public static String answer() {
        return String.join("", WORDS);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofPlatform()
                        .daemon()
                        .name("http-server-style-model-conn")
                        .start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, false);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int reads = 0;
                int headEnd = indexOf(received.toByteArray(), CRLF2);
                while (headEnd < 0) {
                    reads++;
                    int n = read(socket, in, buffer);
                    if (n < 0) {
                        return;
                    }
                    received.write(buffer, 0, n);
                    headEnd = indexOf(received.toByteArray(), CRLF2);
                }
                long headAt = System.nanoTime();
                String head = new String(received.toByteArray(), 0, headEnd, StandardCharsets.ISO_8859_1);
                int length = contentLength(head);
                while (received.size() < headEnd + 4 + length) {
                    reads++;
                    int n = read(socket, in, buffer);
                    if (n < 0) {
                        return;
                    }
                    received.write(buffer, 0, n);
                }
                Duration wait = Duration.ofNanos(System.nanoTime() - headAt);
                byte[] all = received.toByteArray();
                String bodyText = new String(all, headEnd + 4, length, StandardCharsets.UTF_8);
                received.reset();
                received.write(all, headEnd + 4 + length, all.length - headEnd - 4 - length);
                JsonObject body = bodyText.isBlank() ? new JsonObject() : new JsonObject(bodyText);
                requests.add(new Arrival(head.lines().findFirst().orElse(""), body, wait, reads));
                if (!respond(socket.getOutputStream(), head, body)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or sent garbage: as http.server, drop the connection.
        }
    }

    private static int read(Socket socket, InputStream in, byte[] buffer) throws IOException {
        socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, false);
        return in.read(buffer);
    }

    /** Answers one request; true when the connection stays open for the next (HTTP/1.1 keep-alive). */
    private static boolean respond(OutputStream out, String head, JsonObject body) throws IOException {
        boolean keepAlive = head.lines().findFirst().orElse("").endsWith("HTTP/1.1")
                && !head.toLowerCase(Locale.ROOT).contains("connection: close");
        String version = keepAlive ? "HTTP/1.1" : "HTTP/1.0";
        if (head.startsWith("GET")) {
            write(out, json(version, "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}"));
            return keepAlive;
        }
        if (!Boolean.TRUE.equals(body.getValue("stream"))) {
            JsonObject message = new JsonObject().put("role", "assistant").put("content", answer());
            JsonObject choice =
                    new JsonObject().put("index", 0).put("message", message).put("finish_reason", "stop");
            JsonObject usage = new JsonObject()
                    .put("prompt_tokens", 5)
                    .put("completion_tokens", WORDS.size())
                    .put("total_tokens", 5 + WORDS.size());
            JsonObject completion = new JsonObject()
                    .put("id", "chatcmpl-py")
                    .put("object", "chat.completion")
                    .put("created", 0)
                    .put("model", "fake-model")
                    .put("choices", List.of(choice))
                    .put("usage", usage);
            write(out, json(version, completion.encode()));
            return keepAlive;
        }
        // A stream has no length: it ends when the connection closes, as with http.server.
        write(
                out,
                "HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3\r\nContent-Type: text/event-stream\r\n"
                        + "Cache-Control: no-cache\r\n\r\n");
        for (int i = 0; i < WORDS.size(); i++) {
            JsonObject delta = new JsonObject().put("content", WORDS.get(i));
            if (i == 0) {
                delta.put("role", "assistant");
            }
            write(out, event(delta, null));
        }
        write(out, event(new JsonObject(), "stop") + "data: [DONE]\n\n");
        return false;
    }

    private static String event(JsonObject delta, String finishReason) {
        return "data: "
                + new JsonObject()
                        .put("id", "chatcmpl-py")
                        .put("object", "chat.completion.chunk")
                        .put("created", 0)
                        .put("model", "fake-model")
                        .put(
                                "choices",
                                List.of(new JsonObject()
                                        .put("index", 0)
                                        .put("delta", delta)
                                        .put("finish_reason", finishReason)))
                        .encode()
                + "\n\n";
    }

    private static String json(String version, String body) {
        return version + " 200 OK\r\nServer: BaseHTTP/0.6 Python/3\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(Duration.ofSeconds(5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
