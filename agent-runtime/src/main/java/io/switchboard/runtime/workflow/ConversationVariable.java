package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A variable that lives as long as a conversation: every run of the chat flow in that conversation
 * starts with the value the last run left (or {@code value}, the initial value).
 *
 * @param type string, number, boolean, object, array or any
 */
public record ConversationVariable(String name, String type, JsonNode value, String description) {
    public ConversationVariable {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException(
                    "conversation variable name must be letters, digits and '_', got '" + name + "'");
        }
        type = type == null ? "any" : type;
        if (VarType.parse(type) == null) {
            throw new IllegalArgumentException("conversation variable '" + name + "' has type '" + type
                    + "'; use string, number, boolean, object, array or any");
        }
    }

    VarType varType() {
        return VarType.parse(type);
    }
}
