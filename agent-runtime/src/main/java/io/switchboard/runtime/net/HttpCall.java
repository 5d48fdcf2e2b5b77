package io.switchboard.runtime.net;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One outbound HTTP request.
 *
 * @param method {@code GET}, {@code POST}, ... (upper case letters only)
 * @param uri absolute http(s) URI
 * @param headers extra headers; {@code Host}, {@code Content-Length}, {@code Connection} and
 *     {@code Transfer-Encoding} are set by the client and refused here
 * @param body request body, empty for none
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body) {
    private static final Set<String> RESERVED = Set.of("host", "content-length", "connection", "transfer-encoding");

    public HttpCall {
        if (method == null || !method.matches("[A-Z]{3,10}")) {
            throw new IllegalArgumentException("method must be an upper-case HTTP method, got " + method);
        }
        if (uri == null || !uri.isAbsolute()) {
            throw new IllegalArgumentException("uri must be absolute, got " + uri);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (!header.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("header name '" + header.getKey() + "' is not a valid token");
            }
            if (header.getValue().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("header '" + header.getKey() + "' contains a line break");
            }
            if (RESERVED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header '" + header.getKey() + "' is set by the client");
            }
        }
        body = body == null ? new byte[0] : body.clone();
    }

    public static HttpCall get(URI uri) {
        return new HttpCall("GET", uri, Map.of(), null);
    }
}
