package io.switchboard.channels.spi;

import io.vertx.core.Future;
import java.util.List;

/**
 * The published workflows an app offers (its {@code skills.workflows}), as tools with their declared
 * inputs; implemented by the gateway, used by the MCP channel.
 */
public interface AppWorkflows {
    /** The app's published workflows as tools; empty when it has none. */
    Future<List<WorkflowTool>> list(String appId);

    /**
     * Runs the app's workflow tool {@code name} with {@code argumentsJson} (its inputs as a JSON object).
     *
     * @return the end node's outputs as JSON, or the failure's message with {@code failed}; fails with
     *     {@link InvalidTurnException} when the app has no such workflow
     */
    Future<Result> run(String appId, String name, String argumentsJson);

    /**
     * @param inputSchemaJson a JSON schema of type object: the workflow's declared inputs
     */
    record WorkflowTool(String name, String description, String inputSchemaJson) {}

    /** A run's outcome: the outputs as JSON text, or why it failed. */
    record Result(String text, boolean failed) {}
}
