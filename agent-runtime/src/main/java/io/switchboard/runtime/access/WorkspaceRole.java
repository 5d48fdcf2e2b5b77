package io.switchboard.runtime.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A member's role in a workspace, from most to least powerful. */
public enum WorkspaceRole {
    /** Everything an admin may, plus granting and taking away the owner role. */
    OWNER,
    /** Providers, API keys, channels and members, on top of what an editor may. */
    ADMIN,
    /** Creates and changes apps, knowledge bases, tools and workflows. */
    EDITOR,
    /** Reads everything in the workspace, changes nothing. */
    VIEWER;

    /** True when this role may do what {@code required} may. */
    public boolean atLeast(WorkspaceRole required) {
        return ordinal() <= required.ordinal();
    }

    /** The lower-case name used in JSON and in the database. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code value} is none of them
     */
    @JsonCreator
    public static WorkspaceRole of(String value) {
        if (value != null) {
            for (WorkspaceRole role : values()) {
                if (role.wireName().equals(value)) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role must be one of owner, admin, editor, viewer");
    }
}
