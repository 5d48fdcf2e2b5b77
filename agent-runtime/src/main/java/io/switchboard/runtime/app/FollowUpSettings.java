package io.switchboard.runtime.app;

/**
 * Follow-up suggestions (追问): after each answer, short questions the user may ask next, written after
 * the answer streamed (never delaying it), in the reply language. Offline apps offer their nearest other
 * Q&A questions instead.
 *
 * @param count how many, 1-5 (0 means {@link #DEFAULT_COUNT})
 * @param providerId the provider of a (cheaper) model that writes them, or null for the app's model
 * @param modelName that provider's model, set exactly when {@code providerId} is
 */
public record FollowUpSettings(int count, String providerId, String modelName) {
    public static final int DEFAULT_COUNT = 3;

    public FollowUpSettings {
        if (count == 0) {
            count = DEFAULT_COUNT;
        }
        if (count < 1 || count > 5) {
            throw new IllegalArgumentException("followUps.count must be between 1 and 5");
        }
        providerId = providerId == null || providerId.isBlank() ? null : providerId;
        modelName = modelName == null || modelName.isBlank() ? null : modelName;
        if ((providerId == null) != (modelName == null)) {
            throw new IllegalArgumentException(
                    "followUps.providerId and followUps.modelName go together: set both or neither");
        }
    }
}
