package io.switchboard.admin;

import io.switchboard.runtime.tool.CustomTools;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.runtime.workflow.WorkflowService;
import io.switchboard.runtime.workflow.WorkflowTriggers;
import java.util.Objects;

/**
 * What the tool and workflow routes work on; blocking, called from virtual threads.
 *
 * @param triggers schedule and webhook triggers, or null
 */
public record SkillsBackend(
        ToolRegistry tools, CustomTools customTools, WorkflowService workflows, WorkflowTriggers triggers) {
    /** Without triggers (schedule and webhook routes answer 404). */
    public SkillsBackend(ToolRegistry tools, CustomTools customTools, WorkflowService workflows) {
        this(tools, customTools, workflows, null);
    }

    public SkillsBackend {
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(customTools, "customTools");
        Objects.requireNonNull(workflows, "workflows");
    }
}
