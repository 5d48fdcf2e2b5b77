package io.switchboard.runtime.model;

/** Turns recorded speech into text. Blocking: call from a virtual thread. */
public interface SpeechToText {
    /**
     * Transcribes {@code audio} with the provider's {@code POST {baseUrl}/audio/transcriptions}.
     *
     * @param mimeType the audio's type, e.g. {@code audio/ogg}; it also names the uploaded file
     * @return the transcript, stripped; may be empty when nothing was said
     * @throws ModelFailure when the provider fails after its retries (same rules as chat calls)
     */
    String transcribe(ProviderConfig provider, String modelName, byte[] audio, String mimeType);
}
