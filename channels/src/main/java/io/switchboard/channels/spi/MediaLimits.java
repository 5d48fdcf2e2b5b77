package io.switchboard.channels.spi;

/**
 * The largest photo and voice message a channel downloads; larger ones get a polite reply and never
 * reach the model.
 */
public record MediaLimits(long maxImageBytes, long maxAudioBytes) {
    /** 10 MB per photo, 20 MB per voice message (Telegram's own download limit). */
    public static final MediaLimits DEFAULT = new MediaLimits(10L * 1024 * 1024, 20L * 1024 * 1024);

    public static final FixedTexts.Text IMAGE_TOO_LARGE_TEXT = new FixedTexts.Text(
            "Sorry, that photo is too large for me. Please send a smaller one.", "抱歉，图片太大，请发送小一些的图片。");
    public static final FixedTexts.Text AUDIO_TOO_LARGE_TEXT = new FixedTexts.Text(
            "Sorry, that voice message is too long for me. Please send a shorter one.", "抱歉，语音太长，请发送短一些的语音。");
    /** Both languages, for when nothing tells which. */
    public static final String IMAGE_TOO_LARGE = IMAGE_TOO_LARGE_TEXT.both();

    public static final String AUDIO_TOO_LARGE = AUDIO_TOO_LARGE_TEXT.both();

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

    /**
     * The polite reply when a file of {@code kind} is over its limit, in the app's reply language (both
     * languages when it has none).
     */
    public static String tooLarge(InboundMessage.Attachment.Kind kind, String appLanguage) {
        FixedTexts.Text text = tooLargeText(kind);
        return text.in(appLanguage, null, text.both());
    }

    /** The polite reply when a file of {@code kind} is over its limit, in both languages. */
    public static FixedTexts.Text tooLargeText(InboundMessage.Attachment.Kind kind) {
        return kind == InboundMessage.Attachment.Kind.IMAGE ? IMAGE_TOO_LARGE_TEXT : AUDIO_TOO_LARGE_TEXT;
    }
}
