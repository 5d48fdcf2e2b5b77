package io.switchboard.admin;

import io.switchboard.runtime.tool.CustomTools;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.runtime.workflow.WorkflowService;
import java.util.Objects;

/** What the tool and workflow routes work on; blocking, called from virtual threads. */
public record SkillsBackend(ToolRegistry tools, CustomTools customTools, WorkflowService workflows) {
    public SkillsBackend {
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(customTools, "customTools");
        Objects.requireNonNull(workflows, "workflows");
    }
}
