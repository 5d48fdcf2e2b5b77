package io.switchboard.runtime.app;

/**
 * Long-term memory: a rolling summary of everything that fell out of the short-term window, updated
 * after the turn (never delaying the answer) and put into the prompt before the window.
 *
 * @param maxChars the summary's bound in characters, 100-4000 (0 means {@link #DEFAULT_MAX_CHARS})
 * @param providerId the provider of the model that writes the summary, or null for the app's model
 * @param modelName that provider's model, set exactly when {@code providerId} is
 */
public record SummarySettings(int maxChars, String providerId, String modelName) {
    public static final int DEFAULT_MAX_CHARS = 800;

    public SummarySettings {
        if (maxChars == 0) {
            maxChars = DEFAULT_MAX_CHARS;
        }
        if (maxChars < 100 || maxChars > 4000) {
            throw new IllegalArgumentException("memory.summary.maxChars must be between 100 and 4000");
        }
        providerId = providerId == null || providerId.isBlank() ? null : providerId;
        modelName = modelName == null || modelName.isBlank() ? null : modelName;
        if ((providerId == null) != (modelName == null)) {
            throw new IllegalArgumentException(
                    "memory.summary.providerId and memory.summary.modelName go together: set both or neither");
        }
    }
}
