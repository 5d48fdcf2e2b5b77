package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code http}: {@code method}, {@code url}, {@code headers} and {@code body} templates and
 * {@code timeoutSeconds}, sent through the SSRF guard. Outputs {@code status}, {@code body},
 * {@code headers} and {@code json} (the parsed body, or null). A 4xx/5xx status is an output, not a
 * failure, so an if/else can branch on it.
 */
final class HttpNode implements NodeKind {
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("status", VarType.NUMBER, "body", VarType.STRING, "headers", VarType.OBJECT, "json", VarType.ANY);
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        if (!METHODS.contains(node.setting("method").asText("GET"))) {
            checker.error("method", "must be one of " + METHODS);
        }
        checker.template("url", checker.requiredText(node, "url"));
        node.setting("headers")
                .fields()
                .forEachRemaining(h ->
                        checker.template("headers." + h.getKey(), h.getValue().asText()));
        checker.template("body", node.setting("body").asText(null));
        JsonNode timeout = node.setting("timeoutSeconds");
        if (!timeout.isMissingNode() && (!timeout.isInt() || timeout.asInt() < 1 || timeout.asInt() > 120)) {
            checker.error("timeoutSeconds", "must be an integer between 1 and 120");
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        Variables variables = context.variables();
        Map<String, String> headers = new LinkedHashMap<>();
        node.setting("headers")
                .fields()
                .forEachRemaining(h ->
                        headers.put(h.getKey(), variables.render(h.getValue().asText())));
        String body = node.setting("body").isTextual()
                ? variables.render(node.setting("body").asText())
                : null;
        OutboundHttp.Response response;
        try {
            response = context.services()
                    .http()
                    .send(
                            node.setting("method").asText("GET"),
                            variables.render(node.setting("url").asText()),
                            headers,
                            body,
                            Duration.ofSeconds(node.setting("timeoutSeconds").asInt(30)),
                            MAX_RESPONSE_BYTES);
        } catch (ToolException e) {
            throw new WorkflowFailure(e.getMessage());
        }
        Map<String, Object> responseHeaders = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> responseHeaders.put(name, String.join(", ", values)));
        Map<String, Object> outputs = new HashMap<>();
        outputs.put("status", response.status());
        outputs.put("body", response.body());
        outputs.put("headers", responseHeaders);
        outputs.put("json", parse(response.body()));
        return NodeResult.of(outputs);
    }

    private static Object parse(String body) {
        try {
            return body.isBlank() ? null : Variables.JSON.readValue(body, Object.class);
        } catch (Exception e) {
            return null;
        }
    }
}
