package io.switchboard.channels.spi;

/**
 * The largest photo and voice message a channel downloads; larger ones get a polite reply and never
 * reach the model.
 */
public record MediaLimits(long maxImageBytes, long maxAudioBytes) {
    /** 10 MB per photo, 20 MB per voice message (Telegram's own download limit). */
    public static final MediaLimits DEFAULT = new MediaLimits(10L * 1024 * 1024, 20L * 1024 * 1024);

    public static final String IMAGE_TOO_LARGE =
            "Sorry, that photo is too large for me. Please send a smaller one. 抱歉，图片太大，请发送小一些的图片。";
    public static final String AUDIO_TOO_LARGE =
            "Sorry, that voice message is too long for me. Please send a shorter one. 抱歉，语音太长，请发送短一些的语音。";

    public MediaLimits {
        if (maxImageBytes < 1 || maxAudioBytes < 1) {
            throw new IllegalArgumentException("media limits maxImageBytes and maxAudioBytes must be at least 1 byte");
        }
    }

    /** The limit for {@code kind}. */
    public long max(InboundMessage.Attachment.Kind kind) {
        return kind == InboundMessage.Attachment.Kind.IMAGE ? maxImageBytes : maxAudioBytes;
    }

    /** The polite reply when a file of {@code kind} is over its limit. */
    public static String tooLarge(InboundMessage.Attachment.Kind kind) {
        return kind == InboundMessage.Attachment.Kind.IMAGE ? IMAGE_TOO_LARGE : AUDIO_TOO_LARGE;
    }
}
