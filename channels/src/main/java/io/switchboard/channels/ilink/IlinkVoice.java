package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A voice message's audio as the speech path gets it. {@code voice_item.encode_type} says how WeChat
 * encoded it (1 pcm, 2 adpcm, 3 feature, 4 speex, 5 amr, 6 silk, 7 mp3, 8 ogg-speex, per the official
 * plugin's types); the bytes' own signature wins over it. Raw PCM is wrapped in a WAV header (mono,
 * {@code sample_rate}, {@code bits_per_sample}), which every speech endpoint reads. SILK stays SILK:
 * no maintained SILK v3 decoder is published for the JVM (see docs/channels/wechat-ilink.md), so it is
 * passed as {@code audio/silk} — most voice messages arrive transcribed ({@code voice_item.text}) and
 * never get here.
 */
final class IlinkVoice {
    static final int PCM = 1;
    static final int SPEEX = 4;
    static final int AMR = 5;
    static final int SILK = 6;
    static final int MP3 = 7;
    static final int OGG_SPEEX = 8;
    /** The sample rate WeChat records voice at, when the message does not say (the plugin assumes it). */
    static final int DEFAULT_SAMPLE_RATE = 24_000;

    private IlinkVoice() {}

    static Attachment attachment(byte[] audio, JsonObject reference) {
        String sniffed = sniff(audio);
        if (sniffed != null) {
            return new Attachment(Attachment.Kind.AUDIO, sniffed, audio);
        }
        return switch (reference.getInteger("encodeType", 0)) {
            case PCM ->
                new Attachment(
                        Attachment.Kind.AUDIO,
                        "audio/wav",
                        wav(
                                audio,
                                positive(reference.getInteger("sampleRate", 0), DEFAULT_SAMPLE_RATE),
                                positive(reference.getInteger("bitsPerSample", 0), 16)));
            case AMR -> new Attachment(Attachment.Kind.AUDIO, "audio/amr", audio);
            case MP3 -> new Attachment(Attachment.Kind.AUDIO, "audio/mpeg", audio);
            case SPEEX, OGG_SPEEX -> new Attachment(Attachment.Kind.AUDIO, "audio/ogg", audio);
            // SILK, and what the plugin also treats as SILK (no or an unknown encode_type).
            default -> new Attachment(Attachment.Kind.AUDIO, "audio/silk", audio);
        };
    }

    /** The media type the bytes announce, or null when they carry no known signature (raw PCM). */
    static String sniff(byte[] audio) {
        if (startsWith(audio, 0, "#!SILK") || startsWith(audio, 1, "#!SILK")) {
            return "audio/silk"; // WeChat prefixes the SILK v3 header with one byte (0x02)
        }
        if (startsWith(audio, 0, "RIFF") && startsWith(audio, 8, "WAVE")) {
            return "audio/wav";
        }
        if (startsWith(audio, 0, "#!AMR")) {
            return "audio/amr";
        }
        if (startsWith(audio, 0, "OggS")) {
            return "audio/ogg";
        }
        if (startsWith(audio, 0, "ID3")
                || (audio.length > 1 && (audio[0] & 0xFF) == 0xFF && (audio[1] & 0xE0) == 0xE0)) {
            return "audio/mpeg";
        }
        return null;
    }

    /** Mono PCM (little-endian) in a RIFF/WAVE container. */
    static byte[] wav(byte[] pcm, int sampleRate, int bitsPerSample) {
        int blockAlign = bitsPerSample / 8;
        ByteBuffer out = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length);
        out.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        out.putShort((short) 1).putShort((short) 1); // PCM, mono
        out.putInt(sampleRate).putInt(sampleRate * blockAlign);
        out.putShort((short) blockAlign).putShort((short) bitsPerSample);
        out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length);
        out.put(pcm);
        return out.array();
    }

    private static int positive(int value, int fallback) {
        return value > 0 ? value : fallback;
    }

    private static boolean startsWith(byte[] data, int offset, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (data.length < offset + m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (data[offset + i] != m[i]) {
                return false;
            }
        }
        return true;
    }
}
