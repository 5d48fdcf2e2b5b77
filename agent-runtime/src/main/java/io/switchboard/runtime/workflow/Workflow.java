package io.switchboard.runtime.workflow;

import java.time.Instant;

/** A stored workflow: its editable draft and which version (if any) is published. */
public record Workflow(
        String id, String name, WorkflowGraph draft, Integer publishedVersion, Instant createdAt, Instant updatedAt) {}
