package io.switchboard.channels.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user's message as every channel delivers it, whether it came by webhook or polling.
 *
 * @param channel channel type, e.g. {@code web}, {@code api}, {@code wechat}
 * @param appId the app addressed
 * @param conversationId the conversation this message continues (channel-scoped, stable across retries)
 * @param userId the platform's user identifier
 * @param messageId the platform's message identifier (dedupe key), or a generated one
 * @param text what the user said (a photo's caption; may be empty when an attachment carries the message)
 * @param variables values for the app's prompt variables, may be empty
 * @param draft true when the debug chat addresses the app's draft rather than its published version
 * @param attachments a photo or voice note the channel downloaded (within {@link MediaLimits}); empty
 *     for text; sent only to apps whose {@link AppProfile} accepts that kind
 * @param api what a developer-API client sent beyond its question, or null for other channels
 */
public record InboundMessage(
        String channel,
        String appId,
        String conversationId,
        String userId,
        String messageId,
        String text,
        Map<String, String> variables,
        boolean draft,
        Instant receivedAt,
        List<Attachment> attachments,
        ApiTurn api) {
    public InboundMessage {
        if (channel == null || appId == null || conversationId == null || text == null) {
            throw new IllegalArgumentException("channel, appId, conversationId and text are required");
        }
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        receivedAt = receivedAt == null ? Instant.now() : receivedAt;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public InboundMessage(
            String channel,
            String appId,
            String conversationId,
            String userId,
            String messageId,
            String text,
            Map<String, String> variables,
            boolean draft,
            Instant receivedAt,
            List<Attachment> attachments) {
        this(channel, appId, conversationId, userId, messageId, text, variables, draft, receivedAt, attachments, null);
    }

    /**
     * A downloaded photo or voice note.
     *
     * @param mimeType e.g. {@code image/jpeg}, {@code audio/ogg}, {@code audio/amr}
     * @param data the file; not copied
     */
    public record Attachment(Kind kind, String mimeType, byte[] data) {
        /** What the attachment is. */
        public enum Kind {
            IMAGE,
            AUDIO
        }

        public Attachment {
            Objects.requireNonNull(kind, "kind");
            if (mimeType == null || mimeType.isBlank() || data == null || data.length == 0) {
                throw new IllegalArgumentException("an attachment needs a mimeType and some data");
            }
        }

        @Override
        public String toString() {
            return "Attachment[" + kind + ", " + mimeType + ", " + data.length + " bytes]";
        }
    }
}
