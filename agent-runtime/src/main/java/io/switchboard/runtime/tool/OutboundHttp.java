package io.switchboard.runtime.tool;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * HTTP calls made on an admin's or a model's behalf (web page reader, OpenAPI tools, the workflow HTTP
 * node): every URL and redirect hop passes the {@link UrlGuard}, bodies are size-capped, and failures
 * are {@link ToolException}s. Blocking: call from a virtual thread.
 */
public final class OutboundHttp {
    private static final int MAX_REDIRECTS = 5;

    private final UrlGuard guard;
    private final HttpClient client;

    private OutboundHttp(UrlGuard guard) {
        this.guard = guard;
        // Redirects are followed by hand so that every hop is checked.
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public static OutboundHttp create(UrlGuard guard) {
        return new OutboundHttp(Objects.requireNonNull(guard, "guard"));
    }

    /** The built-in guard; {@code allowPrivateAddresses} only for tests and trusted deployments. */
    public static UrlGuard defaultGuard(boolean allowPrivateAddresses) {
        return new PrivateAddressGuard(allowPrivateAddresses);
    }

    /** What came back; {@code truncated} when the body was longer than the cap. */
    public record Response(int status, Map<String, List<String>> headers, String body, boolean truncated) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    /**
     * @param body request body, or null
     * @throws ToolException when the URL is refused, the call fails or times out
     */
    public Response send(
            String method, String url, Map<String, String> headers, String body, Duration timeout, int maxBytes) {
        URI uri = parse(url);
        for (int hop = 0; ; hop++) {
            guard.check(uri);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
            headers.forEach(request::header);
            request.method(
                    method,
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new ToolException("request to " + uri.getHost() + " failed: "
                        + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("request to " + uri.getHost() + " was interrupted");
            } catch (IllegalArgumentException e) {
                throw new ToolException("invalid request: " + e.getMessage());
            }
            int status = response.statusCode();
            String location = response.headers().firstValue("location").orElse(null);
            if (status >= 300 && status < 400 && location != null) {
                close(response);
                if (hop >= MAX_REDIRECTS) {
                    throw new ToolException("too many redirects");
                }
                uri = uri.resolve(location);
                if (status == 303) {
                    method = "GET";
                    body = null;
                }
                continue;
            }
            return read(response, maxBytes);
        }
    }

    private static URI parse(String url) {
        try {
            URI uri = URI.create(url == null ? "" : url.strip());
            if (!uri.isAbsolute()) {
                throw new ToolException("URL must be absolute: " + url);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ToolException("not a valid URL: " + url);
        }
    }

    private static Response read(HttpResponse<InputStream> response, int maxBytes) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            boolean truncated = bytes.length > maxBytes;
            String text = new String(bytes, 0, Math.min(bytes.length, maxBytes), StandardCharsets.UTF_8);
            return new Response(response.statusCode(), response.headers().map(), text, truncated);
        } catch (IOException e) {
            throw new ToolException(
                    "reading the response failed: " + e.getClass().getSimpleName());
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // the redirect's body is not needed
        }
    }
}
