package io.switchboard.runtime.sandbox;

import io.switchboard.runtime.workflow.CodeRunner;
import io.switchboard.runtime.workflow.WorkflowFailure;

/** Dispatches a code node to the sandbox of its language; a missing one fails the node clearly. */
public final class CodeRunners {
    private CodeRunners() {}

    /** @param javascript or null when disabled; @param python or null when disabled */
    public static CodeRunner of(CodeRunner javascript, CodeRunner python) {
        return (language, code, inputs, timeout) ->
                pick(language, javascript, python).run(language, code, inputs, timeout);
    }

    private static CodeRunner pick(String language, CodeRunner javascript, CodeRunner python) {
        CodeRunner runner = switch (language) {
            case "javascript" -> javascript;
            case "python" -> python;
            default -> null;
        };
        if (runner == null) {
            throw new WorkflowFailure(language + " code nodes are disabled on this gateway");
        }
        return runner;
    }
}
