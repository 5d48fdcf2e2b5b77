package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/** The outputs of the nodes that ran, shared by the concurrent branches of one run. */
final class Variables {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, Object>> byNode = new ConcurrentHashMap<>();

    void put(String nodeId, Map<String, Object> outputs) {
        byNode.put(nodeId, outputs);
    }

    Map<String, Object> outputs(String nodeId) {
        return byNode.get(nodeId);
    }

    boolean has(String selector) {
        String[] parts = selector.split("\\.");
        Map<String, Object> outputs = byNode.get(parts[0]);
        return outputs != null && outputs.containsKey(parts[1]);
    }

    /** The value at {@code nodeId.field[.path]}, or null when the node did not run or the path is absent. */
    Object resolve(String selector) {
        String[] parts = selector.split("\\.");
        Object value = byNode.get(parts[0]);
        for (int i = 1; i < parts.length && value != null; i++) {
            value = switch (value) {
                case Map<?, ?> map -> map.get(parts[i]);
                case List<?> list -> index(list, parts[i]);
                default -> null;
            };
        }
        return value;
    }

    private static Object index(List<?> list, String part) {
        try {
            int index = Integer.parseInt(part);
            return index >= 0 && index < list.size() ? list.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Replaces every {{reference}} with its value as text (objects and arrays as JSON, absent as ""). */
    String render(String template) {
        if (template == null || template.indexOf("{{") < 0) {
            return template == null ? "" : template;
        }
        Matcher matcher = Checker.REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(text(resolve(matcher.group(1)))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static String text(Object value) {
        return switch (value) {
            case null -> "";
            case String s -> s;
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            default -> {
                try {
                    yield JSON.writeValueAsString(value);
                } catch (JsonProcessingException e) {
                    yield String.valueOf(value);
                }
            }
        };
    }
}
