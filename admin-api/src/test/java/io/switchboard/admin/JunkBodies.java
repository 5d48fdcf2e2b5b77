package io.switchboard.admin;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Derives request bodies that must all be refused from one valid body. */
final class JunkBodies {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Junk(String label, String body, String contentType) {}

    private JunkBodies() {}

    /** Invalid variants of {@code validBody}: malformed, wrong shapes, unknown and duplicate fields, missing
     * required fields and, for every value up to three levels deep, values of a wrong type. */
    static List<Junk> derivedFrom(String validBody, Set<String> required, boolean emptyBodyAllowed) {
        List<Junk> junk = new ArrayList<>();
        for (String malformed : new String[] {
            "{\"a\":",
            "{'a': 1}",
            "not json",
            "{\"a\":1}}",
            "{\"a\":1} trailing",
            "\u0000",
            "[".repeat(5000),
            "{\"a\":\"\\x\"}"
        }) {
            junk.add(new Junk("malformed " + JunkRequestTest.abbreviate(malformed), malformed, "application/json"));
        }
        for (String wrongShape : new String[] {"[]", "[" + validBody + "]", "\"text\"", "42", "null", "true"}) {
            junk.add(new Junk("shape " + JunkRequestTest.abbreviate(wrongShape), wrongShape, "application/json"));
        }
        if (!emptyBodyAllowed) {
            junk.add(new Junk("empty body", "", "application/json"));
        }
        ObjectNode valid = (ObjectNode) read(validBody);
        ObjectNode unknown = valid.deepCopy().put("bogusField", 1);
        junk.add(new Junk("unknown field", unknown.toString(), "application/json"));
        Map.Entry<String, JsonNode> first = valid.properties().iterator().next();
        junk.add(new Junk(
                "duplicate field",
                "{\"" + first.getKey() + "\":" + first.getValue() + "," + validBody.substring(1),
                "application/json"));
        for (String field : required) {
            ObjectNode missing = valid.deepCopy();
            missing.remove(field);
            junk.add(new Junk("missing " + field, missing.toString(), "application/json"));
            ObjectNode nulled = valid.deepCopy();
            nulled.putNull(field);
            junk.add(new Junk("null " + field, nulled.toString(), "application/json"));
        }
        wrongTypes(valid, valid, JsonPointer.empty(), 0, junk);
        return junk;
    }

    /** For every value up to three levels deep: a copy of the body with that value of a wrong type. */
    private static void wrongTypes(ObjectNode root, JsonNode node, JsonPointer at, int depth, List<Junk> out) {
        if (!at.matches()) {
            for (JsonNode wrong : wrongValuesFor(node)) {
                ObjectNode copy = root.deepCopy();
                JsonNode parent = copy.at(at.head());
                String last = at.last().getMatchingProperty();
                if (parent instanceof ObjectNode object) {
                    object.set(last, wrong);
                } else if (parent instanceof ArrayNode array) {
                    array.set(at.last().getMatchingIndex(), wrong);
                }
                out.add(new Junk("wrong type " + at + " = " + wrong, copy.toString(), "application/json"));
            }
        }
        if (depth >= 3) {
            return;
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                wrongTypes(root, object.get(name), at.appendProperty(name), depth + 1, out);
            }
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            wrongTypes(root, array.get(0), at.appendIndex(0), depth + 1, out);
        }
    }

    private static List<JsonNode> wrongValuesFor(JsonNode value) {
        List<JsonNode> wrong = new ArrayList<>();
        if (value.isTextual()) {
            wrong.add(IntNode.valueOf(5));
            wrong.add(BooleanNode.TRUE);
        } else if (value.isNumber()) {
            wrong.add(TextNode.valueOf("12"));
            wrong.add(BooleanNode.TRUE);
            if (value.isIntegralNumber()) {
                wrong.add(DoubleNode.valueOf(1.5));
            }
        } else if (value.isArray()) {
            wrong.add(TextNode.valueOf("x"));
            wrong.add(IntNode.valueOf(3));
        } else if (value.isObject()) {
            wrong.add(TextNode.valueOf("x"));
            wrong.add(IntNode.valueOf(3));
        }
        if (!value.isArray()) {
            wrong.add(NODES.arrayNode().add(1));
        }
        if (!value.isObject()) {
            wrong.add(NODES.objectNode().put("k", "v"));
        }
        return wrong;
    }

    private static JsonNode read(String json) {
        try {
            return AdminApiServer.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
