package io.switchboard.runtime.turn;

/**
 * One tool call of a turn, as the conversation log and the debug chat show it.
 *
 * @param step the model call (1-based) that asked for it
 * @param name the tool's name as the model saw it
 * @param arguments the arguments as the model sent them (clipped to 4,000 characters)
 * @param resultChars length of the result text handed back to the model
 * @param error what went wrong (also what the model was told), or null
 */
public record ToolCallLog(int step, String name, String arguments, int resultChars, long latencyMs, String error) {
    public static final int MAX_ARGUMENTS = 4_000;

    public ToolCallLog {
        if (arguments != null && arguments.length() > MAX_ARGUMENTS) {
            arguments = arguments.substring(0, MAX_ARGUMENTS);
        }
    }
}
