package io.switchboard.runtime.workflow;

import java.time.Instant;

/** A published, immutable version of a workflow. */
public record WorkflowVersion(String workflowId, int version, WorkflowGraph graph, Instant createdAt) {}
