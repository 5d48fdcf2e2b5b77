package io.switchboard.runtime.model;

/**
 * Which model an app talks to.
 *
 * @param providerId id of a configured provider
 * @param modelName the provider's model name, e.g. {@code gpt-4o-mini} or {@code qwen2.5:7b}
 * @param temperature sampling temperature in [0, 2], or null for the provider's default
 * @param maxTokens upper bound of generated tokens, or null for the provider's default
 * @param vision true when the model accepts images: a photo a user sends goes to it in the user
 *     message; false (the default) lets the channel answer photos with its configured reply
 */
public record ModelSettings(
        String providerId, String modelName, Double temperature, Integer maxTokens, boolean vision) {
    public ModelSettings {
        if (providerId == null || providerId.isBlank()) {
            throw new IllegalArgumentException("model.providerId must name a provider");
        }
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("model.modelName must not be blank");
        }
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("model.temperature must be between 0 and 2");
        }
        if (maxTokens != null && (maxTokens < 1 || maxTokens > 1_000_000)) {
            throw new IllegalArgumentException("model.maxTokens must be between 1 and 1000000");
        }
    }
}
