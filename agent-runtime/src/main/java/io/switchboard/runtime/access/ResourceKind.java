package io.switchboard.runtime.access;

import java.util.Locale;

/** The kinds of resource that belong to a workspace directly. */
public enum ResourceKind {
    APP,
    PROVIDER,
    KNOWLEDGE_BASE,
    TOOL_PROVIDER,
    WORKFLOW;

    /** The name stored in the database and used in messages ("knowledge base"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
