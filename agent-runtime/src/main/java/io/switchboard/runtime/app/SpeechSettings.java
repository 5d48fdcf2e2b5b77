package io.switchboard.runtime.app;

/**
 * The speech-to-text model that turns a user's voice note into the text of a turn. It is called
 * through the OpenAI-compatible {@code POST {baseUrl}/audio/transcriptions} endpoint.
 *
 * @param providerId id of a configured {@code OPENAI_COMPATIBLE} provider
 * @param modelName the provider's transcription model, e.g. {@code whisper-1}
 */
public record SpeechSettings(String providerId, String modelName) {
    public SpeechSettings {
        if (providerId == null || providerId.isBlank()) {
            throw new IllegalArgumentException("speech.providerId must name a provider");
        }
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("speech.modelName must not be blank, e.g. whisper-1");
        }
        if (modelName.codePointCount(0, modelName.length()) > 200) {
            throw new IllegalArgumentException("speech.modelName must be at most 200 characters");
        }
    }
}
