package io.switchboard.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenTelemetry tracing (docs/tracing.md): off unless {@code enabled}; then spans are exported in batches
 * to an OTLP/HTTP endpoint (an OpenTelemetry Collector, Jaeger, Tempo, ...).
 *
 * @param enabled false (the default): no SDK, no exporter, no thread; every span is a no-op
 * @param endpoint the OTLP/HTTP traces URL, e.g. {@code http://127.0.0.1:4318/v1/traces}
 * @param protocol {@code http/protobuf}, the one protocol the exporter here speaks
 * @param headers sent with every export, {@code name=value} pairs separated by commas (an API key of a
 *     hosted backend, say); treated as a secret: never printed
 * @param samplingRatio the share of new traces recorded, 0 to 1; a trace a developer-API caller started
 *     follows the caller's sampling decision
 * @param serviceName the {@code service.name} of every span
 * @param timeout how long one export may take
 * @param exportInterval how long finished spans wait to be exported in one batch
 */
public record TracingConfig(
        boolean enabled,
        String endpoint,
        String protocol,
        String headers,
        Double samplingRatio,
        String serviceName,
        Duration timeout,
        Duration exportInterval) {
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4318/v1/traces";
    public static final String HTTP_PROTOBUF = "http/protobuf";
    public static final double DEFAULT_SAMPLING_RATIO = 1.0;
    public static final String DEFAULT_SERVICE_NAME = "switchboard";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_EXPORT_INTERVAL = Duration.ofSeconds(5);
    public static final TracingConfig OFF = new TracingConfig(false, null, null, null, null, null, null, null);

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    public TracingConfig {
        endpoint = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip();
        protocol = protocol == null || protocol.isBlank() ? HTTP_PROTOBUF : protocol.strip();
        headers = headers == null ? "" : headers.strip();
        samplingRatio = samplingRatio == null ? DEFAULT_SAMPLING_RATIO : samplingRatio;
        serviceName = serviceName == null || serviceName.isBlank() ? DEFAULT_SERVICE_NAME : serviceName.strip();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        exportInterval = exportInterval == null ? DEFAULT_EXPORT_INTERVAL : exportInterval;
        if (exportInterval.isNegative() || exportInterval.isZero()) {
            throw new IllegalArgumentException("tracing.exportInterval must be positive, e.g. PT5S");
        }
        if (!protocol.equals(HTTP_PROTOBUF)) {
            throw new IllegalArgumentException(
                    "tracing.protocol must be http/protobuf (OTLP over HTTP), got '" + protocol + "'");
        }
        if (samplingRatio.isNaN() || samplingRatio < 0 || samplingRatio > 1) {
            throw new IllegalArgumentException(
                    "tracing.samplingRatio must be between 0 and 1 (e.g. 0.1 for a tenth of the traces)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tracing.timeout must be positive, e.g. PT10S");
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tracing.endpoint is not a URL: " + e.getMessage());
        }
        if (uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException(
                    "tracing.endpoint must be an http(s) URL such as " + DEFAULT_ENDPOINT + ", got '" + endpoint + "'");
        }
        headerMap(headers); // fails on a malformed pair
    }

    /** The export headers by name. */
    public Map<String, String> headerMap() {
        return headerMap(headers);
    }

    private static Map<String, String> headerMap(String headers) {
        Map<String, String> map = new LinkedHashMap<>();
        if (headers.isEmpty()) {
            return map;
        }
        for (String pair : headers.split(",")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? "" : pair.substring(0, equals).strip();
            if (!HEADER_NAME.matcher(name).matches()) {
                // The pair may hold a key: name the position, not the text.
                throw new IllegalArgumentException("tracing.headers must be name=value pairs separated by commas (pair "
                        + (map.size() + 1) + " is not)");
            }
            map.put(name, pair.substring(equals + 1).strip());
        }
        return map;
    }

    @Override
    public String toString() {
        return "TracingConfig[enabled=" + enabled + ", endpoint=" + endpoint + ", protocol=" + protocol
                + ", headers=" + (headers.isEmpty() ? "" : "***") + ", samplingRatio=" + samplingRatio
                + ", serviceName=" + serviceName + ", timeout=" + timeout + ", exportInterval=" + exportInterval + "]";
    }
}
