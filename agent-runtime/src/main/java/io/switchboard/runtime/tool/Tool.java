package io.switchboard.runtime.tool;

import dev.langchain4j.agent.tool.ToolSpecification;

/** Something a model can call: a name, a description and a JSON schema of its arguments. */
public interface Tool {
    /** What the model sees; the name is unique within the tool's provider. */
    ToolSpecification specification();

    /** How an app references the tool within its provider; the specification's name unless stable ids differ. */
    default String id() {
        return specification().name();
    }

    /**
     * Runs the tool. Blocking: called on a virtual thread, which is interrupted at the tool timeout.
     *
     * @param argumentsJson the arguments as the model sent them (a JSON object, possibly malformed)
     * @return the result as text for the model
     * @throws ToolException when the call failed in a way the model should hear about (bad arguments, the
     *     remote service said no); any other exception is reported to the model as an internal error
     */
    String execute(String argumentsJson);
}
