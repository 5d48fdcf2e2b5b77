package io.switchboard.runtime.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One operation of an imported API as a tool: arguments become path, query, header and body. */
final class OpenApiTool implements Tool {
    static final int RESULT_LIMIT = 20_000;
    private static final int RESPONSE_BYTES = 1024 * 1024;

    private final OpenApiOperation operation;
    private final String baseUrl;
    private final ToolAuth auth;
    private final OutboundHttp http;
    private final ToolSpecification specification;

    OpenApiTool(OpenApiOperation operation, String baseUrl, ToolAuth auth, OutboundHttp http) {
        this.operation = operation;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.auth = auth;
        this.http = http;
        this.specification = ToolSpecification.builder()
                .name(operation.name())
                .description(operation.description())
                .parameters(operation.schema())
                .build();
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public String execute(String argumentsJson) {
        ObjectNode arguments = ToolArguments.parse(argumentsJson);
        String path = operation.path();
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (OpenApiOperation.Parameter parameter : operation.parameters()) {
            JsonNode value = arguments.get(parameter.name());
            if (value == null || value.isNull()) {
                if (parameter.required()) {
                    throw new ToolException("argument '" + parameter.name() + "' is required");
                }
                continue;
            }
            String text = value.isValueNode() ? value.asText() : value.toString();
            switch (parameter.in()) {
                case "path" ->
                    path = path.replace(
                            "{" + parameter.name() + "}", encode(text).replace("+", "%20"));
                case "query" -> append(query, parameter.name(), text);
                default -> headers.put(parameter.name(), text);
            }
        }
        switch (auth.type()) {
            case BEARER -> headers.put("Authorization", "Bearer " + auth.secret());
            case API_KEY -> {
                if (auth.location() == ToolAuth.Location.HEADER) {
                    headers.put(auth.name(), auth.secret());
                } else {
                    append(query, auth.name(), auth.secret());
                }
            }
            case NONE -> {}
        }
        String body = null;
        if (operation.hasBody() && arguments.hasNonNull("body")) {
            JsonNode value = arguments.get("body");
            body = value.isTextual() ? value.asText() : value.toString();
            headers.put("Content-Type", "application/json");
        }
        headers.putIfAbsent("Accept", "application/json, text/plain;q=0.9, */*;q=0.5");
        OutboundHttp.Response response = http.send(
                operation.method(),
                baseUrl + path + (query.isEmpty() ? "" : "?" + query),
                headers,
                body,
                Duration.ofSeconds(30),
                RESPONSE_BYTES);
        String text = response.body().length() > RESULT_LIMIT
                ? response.body().substring(0, RESULT_LIMIT) + " […]"
                : response.body();
        if (response.status() >= 400) {
            throw new ToolException("HTTP " + response.status() + (text.isBlank() ? "" : ": " + text));
        }
        return text;
    }

    private static void append(StringBuilder query, String name, String value) {
        query.append(query.isEmpty() ? "" : "&")
                .append(encode(name))
                .append('=')
                .append(encode(value));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
