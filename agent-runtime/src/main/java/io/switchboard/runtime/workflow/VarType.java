package io.switchboard.runtime.workflow;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The types a workflow variable can have; {@code any} matches everything. */
enum VarType {
    STRING,
    NUMBER,
    BOOLEAN,
    OBJECT,
    ARRAY,
    ANY;

    /** null when {@code name} is not a type. */
    static VarType parse(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "string", "text", "paragraph", "select" -> STRING;
            case "number", "integer" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "object" -> OBJECT;
            case "array", "array[string]", "array[number]", "array[object]" -> ARRAY;
            case "any" -> ANY;
            default -> null;
        };
    }

    boolean compatibleWith(VarType other) {
        return this == ANY || other == ANY || this == other;
    }

    /** The type of a runtime value. */
    static VarType of(Object value) {
        return switch (value) {
            case null -> ANY;
            case String s -> STRING;
            case Number n -> NUMBER;
            case Boolean b -> BOOLEAN;
            case Map<?, ?> m -> OBJECT;
            case List<?> l -> ARRAY;
            default -> ANY;
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
