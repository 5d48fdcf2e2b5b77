package io.switchboard.runtime.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 request over a socket connected to an address that was already checked. Written by hand
 * because the JDK's clients resolve host names themselves, which would let DNS answer differently
 * between the check and the connection (rebinding). TLS still verifies the certificate against the
 * host name, and SNI carries it.
 */
final class Http1Exchange {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    record Response(int status, Map<String, List<String>> headers, byte[] body) {}

    private Http1Exchange() {}

    static Response run(
            HttpCall call, String host, InetAddress address, int port, long deadlineNanos, NetPolicy policy) {
        URI uri = call.uri();
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        long connectMillis = Math.min(policy.connectTimeout().toMillis(), remainingMillis(deadlineNanos));
        try (Socket raw = new Socket()) {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(address, port), (int) Math.max(1, connectMillis));
            Socket socket = tls ? startTls(raw, host, port) : raw;
            try {
                writeRequest(socket.getOutputStream(), call, host, port, tls, policy.userAgent());
                InputStream in = new DeadlineInputStream(socket, deadlineNanos);
                return readResponse(in, call.method(), policy.maxResponseBytes());
            } finally {
                if (socket != raw) {
                    socket.close();
                }
            }
        } catch (SocketTimeoutException e) {
            throw new FetchException(FetchException.Kind.TIMEOUT, "fetching " + safe(uri) + " timed out");
        } catch (SSLException e) {
            throw new FetchException(FetchException.Kind.NETWORK, "TLS with " + host + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FetchException(
                    FetchException.Kind.NETWORK, "fetching " + safe(uri) + " failed: " + e.getMessage(), e);
        }
    }

    private static Socket startTls(Socket raw, String host, int port) throws IOException {
        SSLSocket ssl =
                (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(raw, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static void writeRequest(OutputStream out, HttpCall call, String host, int port, boolean tls, String agent)
            throws IOException {
        URI uri = call.uri();
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        boolean defaultPort = port == (tls ? 443 : 80);
        String hostHeader = (host.contains(":") ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port);
        StringBuilder head = new StringBuilder();
        head.append(call.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader).append("\r\n");
        head.append("User-Agent: ").append(agent).append("\r\n");
        head.append("Accept-Encoding: identity\r\n");
        head.append("Connection: close\r\n");
        call.headers()
                .forEach((name, value) ->
                        head.append(name).append(": ").append(value).append("\r\n"));
        if (call.body().length > 0
                || !call.method().equals("GET") && !call.method().equals("HEAD")) {
            head.append("Content-Length: ").append(call.body().length).append("\r\n");
        }
        head.append("\r\n");
        // One write: a server that reads the head and then the body (Python's http.server) and delays
        // its ACKs would otherwise hold a separately sent body back ~40 ms (Nagle). TCP_NODELAY is on too.
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + call.body().length);
        System.arraycopy(call.body(), 0, request, headBytes.length, call.body().length);
        out.write(request);
        out.flush();
    }

    private static Response readResponse(InputStream in, String method, long maxBytes) throws IOException {
        while (true) {
            String[] lines = readHead(in).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "the server did not answer with HTTP/1.x");
            }
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "the server sent a malformed status line");
            }
            Map<String, List<String>> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(
                                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                    k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).strip());
                }
            }
            if (status >= 100 && status < 200) {
                continue; // interim response (100 Continue, 103 Early Hints): the real one follows
            }
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
            byte[] body = noBody ? new byte[0] : readBody(in, headers, maxBytes);
            return new Response(status, headers, body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "the server closed the connection early");
            }
            head.write(b);
            if (head.size() > MAX_HEADER_BYTES) {
                throw new FetchException(FetchException.Kind.TOO_LARGE, "response headers exceed 64 KiB");
            }
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readBody(InputStream in, Map<String, List<String>> headers, long maxBytes)
            throws IOException {
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (encoding.stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
            return readChunked(in, maxBytes);
        }
        List<String> length = headers.get("content-length");
        if (length != null && !length.isEmpty()) {
            long declared;
            try {
                declared = Long.parseLong(length.get(0));
            } catch (NumberFormatException e) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "the server sent a malformed Content-Length");
            }
            if (declared > maxBytes) {
                throw tooLarge(maxBytes);
            }
            byte[] body = in.readNBytes((int) declared);
            if (body.length < declared) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "the response body ended early");
            }
            return body;
        }
        return readCapped(in, maxBytes, Long.MAX_VALUE, new ByteArrayOutputStream());
    }

    private static byte[] readChunked(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "the server sent a malformed chunk");
            }
            if (size == 0) {
                return body.toByteArray(); // trailers, if any, are ignored: the connection closes anyway
            }
            if (body.size() + size > maxBytes) {
                throw tooLarge(maxBytes);
            }
            readCapped(in, maxBytes, size, body);
            readLine(in);
        }
    }

    private static byte[] readCapped(InputStream in, long maxBytes, long limit, ByteArrayOutputStream out)
            throws IOException {
        byte[] buffer = new byte[8192];
        long read = 0;
        while (read < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - read));
            if (n < 0) {
                if (limit != Long.MAX_VALUE) {
                    throw new FetchException(FetchException.Kind.PROTOCOL, "the response body ended early");
                }
                break;
            }
            out.write(buffer, 0, n);
            read += n;
            if (out.size() > maxBytes) {
                throw tooLarge(maxBytes);
            }
        }
        return out.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.length() > 1024) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "the server sent an overlong line");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        if (b < 0) {
            throw new FetchException(FetchException.Kind.PROTOCOL, "the response body ended early");
        }
        return line.toString();
    }

    private static FetchException tooLarge(long maxBytes) {
        return new FetchException(FetchException.Kind.TOO_LARGE, "the response is larger than " + maxBytes + " bytes");
    }

    static long remainingMillis(long deadlineNanos) {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    /** The URI without user info or query, which may carry credentials. */
    static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Applies the total deadline to every read, so a trickling server cannot stretch a fetch. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadlineNanos;

        DeadlineInputStream(Socket socket, long deadlineNanos) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            arm();
            return in.read(buffer, offset, length);
        }

        private void arm() throws IOException {
            long left = remainingMillis(deadlineNanos);
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }
    }
}
