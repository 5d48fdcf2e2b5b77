package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dify variable selectors and {@code {{#node.field#}}} templates in our reference syntax. Inside an
 * iteration or loop body (a {@link #body scope}) the container's own variables ({@code item},
 * {@code index}, loop variables) are read from the body's start, and every value from outside the body
 * is passed in through the container's {@code inputs}, since body nodes see only their start.
 */
final class DifyReferences {
    static final Pattern TEMPLATE = Pattern.compile("\\{\\{#([A-Za-z0-9_-]+)\\.([A-Za-z0-9_.-]+)#}}");
    private static final Set<String> HUMAN_OUTPUTS = Set.of("action", "values", "comment", "by");

    private final Map<String, String> types;
    private final String startId;
    private final DifyReferences outer;
    private final String container;
    private final String bodyStart;
    private final Set<String> members;
    private final Map<String, String> inputs = new LinkedHashMap<>();

    DifyReferences(Map<String, String> types, String startId) {
        this(types, startId, null, null, null, Set.of());
    }

    private DifyReferences(
            Map<String, String> types,
            String startId,
            DifyReferences outer,
            String container,
            String bodyStart,
            Set<String> members) {
        this.types = types;
        this.startId = startId;
        this.outer = outer;
        this.container = container;
        this.bodyStart = bodyStart;
        this.members = members;
    }

    /**
     * References inside the body of Dify container {@code container}, whose nodes are {@code members}
     * (Dify ids) and whose start is our node {@code bodyStart}.
     */
    DifyReferences body(String container, String bodyStart, Set<String> members) {
        return new DifyReferences(types, startId, this, container, bodyStart, members);
    }

    /** The container's {@code inputs} this body needed: input name → selector outside the body. */
    Map<String, String> inputs() {
        return inputs;
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
        if (outer != null) {
            if (node.equals(container)) {
                return bodyStart + "." + field;
            }
            if (!members.contains(node)) {
                String outside = outer.reference(node, field);
                String name = outside.replaceAll("[^A-Za-z0-9_]", "_");
                inputs.put(name, outside);
                return bodyStart + "." + name;
            }
        }
        if (node.equals("sys") && startId != null) {
            return DifyNodes.id(startId) + "." + field;
        }
        String type = types.getOrDefault(node, "");
        if (type.equals("http-request") && field.equals("status_code")) {
            field = "status";
        } else if (type.equals("human-input") && !HUMAN_OUTPUTS.contains(field.split("\\.")[0])) {
            // Dify's form fields are outputs of their own; ours are under values.
            field = field.equals("__action_id") || field.equals("action_id") ? "action" : "values." + field;
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
