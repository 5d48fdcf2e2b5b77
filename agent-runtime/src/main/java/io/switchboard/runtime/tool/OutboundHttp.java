package io.switchboard.runtime.tool;

import io.switchboard.runtime.net.FetchException;
import io.switchboard.runtime.net.HttpCall;
import io.switchboard.runtime.net.HttpResult;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.tracing.TraceScope;
import io.switchboard.tracing.TraceSpan;
import io.switchboard.tracing.Tracing;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP calls made on an admin's or a model's behalf (web page reader, OpenAPI tools, the workflow HTTP
 * node), all through the SSRF guard ({@link SafeHttpClient}: checked addresses, pinned connections,
 * redirects re-checked). Failures are {@link ToolException}s. Blocking: call from a virtual thread.
 */
public final class OutboundHttp {
    private final NetPolicy policy;
    private final SafeHttpClient checker;
    // One guarded client per (size, time) limit pair: the limits are part of the client's policy.
    private final Map<Limits, SafeHttpClient> clients = new ConcurrentHashMap<>();

    private record Limits(long maxBytes, Duration timeout) {}

    private OutboundHttp(NetPolicy policy) {
        this.policy = policy;
        this.checker = SafeHttpClient.create(policy);
    }

    /** @param policy the SSRF policy (allowlist, redirects, user agent); sizes and times are set per call */
    public static OutboundHttp create(NetPolicy policy) {
        return new OutboundHttp(Objects.requireNonNull(policy, "policy"));
    }

    /** Checks URLs against the same policy without fetching them (MCP server URLs). */
    public UrlGuard guard() {
        return uri -> {
            try {
                checker.check(uri);
            } catch (FetchException e) {
                throw new ToolException(e.getMessage());
            }
        };
    }

    /** What came back. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
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
     * @param maxBytes a longer response fails the call
     * @throws ToolException when the URL is refused, the call fails, times out or the response is too large
     */
    public Response send(
            String method, String url, Map<String, String> headers, String body, Duration timeout, int maxBytes) {
        HttpResult result = call(method, url, headers, body, timeout, maxBytes);
        return new Response(result.status(), result.headers(), result.text());
    }

    /**
     * GETs {@code url} through the same guard and returns the body's bytes (a file to parse).
     *
     * @throws ToolException as {@link #send}, and for a status other than 2xx
     */
    public byte[] download(String url, Duration timeout, int maxBytes) {
        HttpResult result = call("GET", url, Map.of(), null, timeout, maxBytes);
        if (result.status() / 100 != 2) {
            throw new ToolException("GET " + url + " answered HTTP " + result.status());
        }
        return result.body();
    }

    private HttpResult call(
            String method, String url, Map<String, String> headers, String body, Duration timeout, int maxBytes) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.strip());
        } catch (IllegalArgumentException e) {
            throw new ToolException("not a valid URL: " + url);
        }
        if (!uri.isAbsolute()) {
            throw new ToolException("URL must be absolute: " + url);
        }
        SafeHttpClient client = clients.computeIfAbsent(
                new Limits(maxBytes, timeout),
                limits -> SafeHttpClient.create(policy.toBuilder()
                        .maxResponseBytes(limits.maxBytes())
                        .connectTimeout(min(policy.connectTimeout(), limits.timeout()))
                        .totalTimeout(limits.timeout())
                        .build()));
        // The host and the method only: a URL's path and query may carry keys or what the user asked.
        TraceSpan span = Tracing.span(method, TraceSpan.Kind.CLIENT)
                .set("http.request.method", method)
                .set("server.address", uri.getHost())
                .set("server.port", port(uri));
        try (TraceScope active = span.activate()) {
            Map<String, String> traced = headers;
            if (Tracing.enabled()) {
                traced = new LinkedHashMap<>(headers == null ? Map.of() : headers);
                Tracing.inject(traced::put); // the API's own spans join this trace
            }
            HttpResult result = client.send(
                    new HttpCall(method, uri, traced, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
            span.set("http.response.status_code", result.status());
            if (result.status() >= 500) {
                span.fail(String.valueOf(result.status()));
            }
            return result;
        } catch (FetchException e) {
            span.fail(e);
            throw new ToolException(e.getMessage());
        } catch (IllegalArgumentException e) {
            span.fail(e);
            throw new ToolException("invalid request: " + e.getMessage());
        } finally {
            span.end();
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
