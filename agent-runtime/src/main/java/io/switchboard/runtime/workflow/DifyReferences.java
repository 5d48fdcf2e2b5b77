package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dify variable selectors and {@code {{#node.field#}}} templates in our reference syntax. */
final class DifyReferences {
    static final Pattern TEMPLATE = Pattern.compile("\\{\\{#([A-Za-z0-9_-]+)\\.([A-Za-z0-9_.-]+)#}}");

    private final Map<String, String> types;
    private final String startId;

    DifyReferences(Map<String, String> types, String startId) {
        this.types = types;
        this.startId = startId;
    }

    /** {@code ["1711", "text"]} → {@code n1711.text}; {@code sys.query} → the start node's query input. */
    String selector(JsonNode selector) {
        if (!selector.isArray() || selector.size() < 2) {
            return "";
        }
        String node = selector.get(0).asText();
        List<String> path = new ArrayList<>();
        for (int i = 1; i < selector.size(); i++) {
            path.add(selector.get(i).asText());
        }
        return reference(node, String.join(".", path));
    }

    private String reference(String node, String field) {
        if (node.equals("sys") && startId != null) {
            return DifyNodes.id(startId) + "." + field;
        }
        if ("http-request".equals(types.get(node)) && field.equals("status_code")) {
            field = "status";
        }
        return DifyNodes.id(node) + "." + field;
    }

    /** {@code {{#1711.text#}}} → {@code {{n1711.text}}}. */
    String template(String text) {
        Matcher matcher = TEMPLATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(
                    out, Matcher.quoteReplacement("{{" + reference(matcher.group(1), matcher.group(2)) + "}}"));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
