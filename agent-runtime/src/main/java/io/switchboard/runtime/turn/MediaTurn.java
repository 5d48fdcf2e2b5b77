package io.switchboard.runtime.turn;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.model.ModelFailure;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.SpeechToText;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a message with a photo or voice note into what the rest of the turn works with: a text
 * request (the caption or the transcript), the user message for the model (text plus the image for a
 * vision model) and the text conversation memory keeps ({@code [image]} and the caption: image bytes
 * never go into memory). Apps without the capability get a prepared answer instead.
 */
final class MediaTurn {
    private static final Logger LOG = LoggerFactory.getLogger(MediaTurn.class);
    static final String DEFAULT_IMAGE_PROMPT = "Describe this image.";
    static final String IMAGE_MARK = "[image]";

    private final AppCatalog catalog;
    private final SpeechToText speech;

    /** @param speech null when this runtime cannot transcribe (voice notes then get {@link FixedReply#NO_VOICE}) */
    MediaTurn(AppCatalog catalog, SpeechToText speech) {
        this.catalog = catalog;
        this.speech = speech;
    }

    /**
     * What to run instead of {@code request}.
     *
     * @param request the request (the text request of a plain message)
     * @param userMessage the last user message of the prompt
     * @param memoryText what conversation memory keeps of the user's message
     * @param logText what the turn log shows of it
     * @param answer a prepared answer (no capability, nothing heard, transcription failed), or null
     *     to run the turn
     */
    record Prepared(AgentRequest request, UserMessage userMessage, String memoryText, String logText, Outcome answer) {
        static Prepared text(AgentRequest request) {
            return new Prepared(request, UserMessage.from(request.text()), request.text(), request.text(), null);
        }
    }

    Prepared prepare(AppConfig config, AgentRequest request) {
        Optional<Attachment> image = first(request, Attachment.Kind.IMAGE);
        if (image.isPresent()) {
            return image(config, request, image.get());
        }
        Optional<Attachment> audio = first(request, Attachment.Kind.AUDIO);
        if (audio.isPresent()) {
            return voice(config, request, audio.get());
        }
        return Prepared.text(request);
    }

    private static Prepared image(AppConfig config, AgentRequest request, Attachment image) {
        String caption = request.text().strip();
        String memoryText = caption.isEmpty() ? IMAGE_MARK : IMAGE_MARK + " " + caption;
        AgentRequest textRequest = request.asText(memoryText);
        if (!config.acceptsImages()) {
            return new Prepared(
                    textRequest,
                    null,
                    memoryText,
                    memoryText,
                    Outcome.ok(
                            FixedReply.NO_IMAGES.in(lang(config, request)), TurnStatus.UNSUPPORTED, 0, 0, List.of()));
        }
        String base64 = Base64.getEncoder().encodeToString(image.data());
        UserMessage message = UserMessage.from(
                TextContent.from(caption.isEmpty() ? DEFAULT_IMAGE_PROMPT : caption),
                ImageContent.from(base64, image.mimeType()));
        return new Prepared(textRequest, message, memoryText, memoryText, null);
    }

    private Prepared voice(AppConfig config, AgentRequest request, Attachment audio) {
        String marker = "[voice]";
        if (!config.acceptsVoice() || speech == null) {
            return unanswered(
                    request,
                    marker,
                    Outcome.ok(FixedReply.NO_VOICE.in(lang(config, request)), TurnStatus.UNSUPPORTED, 0, 0, List.of()));
        }
        Optional<ProviderConfig> provider = catalog.provider(config.speech().providerId());
        if (provider.isEmpty()) {
            return unanswered(
                    request,
                    marker,
                    Outcome.failed(
                            FixedReply.MISCONFIGURED.in(lang(config, request)),
                            "speech provider '" + config.speech().providerId() + "' does not exist"));
        }
        long started = System.nanoTime();
        String transcript;
        try {
            transcript = speech.transcribe(provider.get(), config.speech().modelName(), audio.data(), audio.mimeType());
        } catch (ModelFailure failure) {
            LOG.warn(
                    "speech-to-text failed: app={} provider={}: {}",
                    request.appId(),
                    provider.get().id(),
                    failure.getMessage());
            return unanswered(
                    request,
                    marker,
                    Outcome.failed(
                            FixedReply.modelFailure(failure, lang(config, request)),
                            "speech-to-text: " + failure.getMessage()));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.debug("voice message of app {} transcribed in {} ms", request.appId(), millis);
        if (transcript.isBlank()) {
            return unanswered(
                    request,
                    marker,
                    Outcome.ok(
                            FixedReply.NOTHING_HEARD.in(lang(config, request)),
                            TurnStatus.UNSUPPORTED,
                            0,
                            0,
                            List.of()));
        }
        // The log's query shows how long transcription took; memory keeps only what was said.
        AgentRequest textRequest = request.asText(transcript);
        return new Prepared(
                textRequest,
                UserMessage.from(transcript),
                transcript,
                "[voice, transcribed in " + millis + " ms] " + transcript,
                null);
    }

    /** A photo's caption tells the language; a voice note tells nothing until it is transcribed. */
    private static Lang lang(AppConfig config, AgentRequest request) {
        return Lang.of(config.replyLanguage(), request.text());
    }

    private static Prepared unanswered(AgentRequest request, String marker, Outcome answer) {
        return new Prepared(request.asText(marker), null, marker, marker, answer);
    }

    private static Optional<Attachment> first(AgentRequest request, Attachment.Kind kind) {
        return request.attachments().stream().filter(a -> a.kind() == kind).findFirst();
    }
}
