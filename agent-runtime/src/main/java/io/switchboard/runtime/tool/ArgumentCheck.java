package io.switchboard.runtime.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks an admin's test-call arguments against a tool's parameter schema (top level: required
 * arguments present, each of the declared type), so a typo is a clear refusal rather than a call.
 */
public final class ArgumentCheck {
    private ArgumentCheck() {}

    /** What is wrong with {@code arguments}, one message per argument; empty when they fit. */
    public static List<String> problems(ToolSpecification specification, Map<String, Object> arguments) {
        List<String> problems = new ArrayList<>();
        JsonObjectSchema schema = specification.parameters();
        if (schema == null) {
            return problems;
        }
        if (schema.required() != null) {
            for (String name : schema.required()) {
                if (arguments.get(name) == null) {
                    problems.add("argument '" + name + "' is required");
                }
            }
        }
        if (schema.properties() == null) {
            return problems;
        }
        for (Map.Entry<String, Object> argument : arguments.entrySet()) {
            JsonSchemaElement declared = schema.properties().get(argument.getKey());
            Object value = argument.getValue();
            if (declared == null) {
                problems.add("argument '" + argument.getKey() + "' is not a parameter of this tool");
            } else if (value != null && !fits(declared, value)) {
                problems.add("argument '" + argument.getKey() + "' must be " + expected(declared));
            }
        }
        return problems;
    }

    private static boolean fits(JsonSchemaElement declared, Object value) {
        return switch (declared) {
            case JsonStringSchema s -> value instanceof String;
            case JsonEnumSchema e ->
                value instanceof String text && e.enumValues().contains(text);
            case JsonIntegerSchema i -> value instanceof Integer || value instanceof Long;
            case JsonNumberSchema n -> value instanceof Number;
            case JsonBooleanSchema b -> value instanceof Boolean;
            case JsonArraySchema a -> value instanceof List<?>;
            case JsonObjectSchema o -> value instanceof Map<?, ?>;
            default -> true;
        };
    }

    private static String expected(JsonSchemaElement declared) {
        return switch (declared) {
            case JsonStringSchema s -> "a string";
            case JsonEnumSchema e -> "one of " + e.enumValues();
            case JsonIntegerSchema i -> "an integer";
            case JsonNumberSchema n -> "a number";
            case JsonBooleanSchema b -> "true or false";
            case JsonArraySchema a -> "an array";
            case JsonObjectSchema o -> "an object";
            default -> "of its declared type";
        };
    }
}
