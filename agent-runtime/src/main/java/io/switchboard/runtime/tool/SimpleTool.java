package io.switchboard.runtime.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.function.UnaryOperator;

/** A tool made of a specification and a function. */
record SimpleTool(ToolSpecification specification, UnaryOperator<String> body) implements Tool {
    @Override
    public String execute(String argumentsJson) {
        return body.apply(argumentsJson);
    }
}
