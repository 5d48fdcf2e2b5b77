package io.switchboard.channels.ilink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.switchboard.channels.spi.MediaLimits;
import io.switchboard.testkit.weixin.FakeIlink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Voice messages of a personal-WeChat bot's users on the speech path: WeChat's own transcript when it
 * sent one, otherwise the audio with the media type its encoding has — raw PCM wrapped as WAV, SILK
 * passed as SILK (no JVM decoder exists; see docs/channels/wechat-ilink.md).
 */
class IlinkVoiceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private IlinkFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private IlinkFixture started() {
        fixture = new IlinkFixture(o -> o.mediaLimits(MediaLimits.DEFAULT));
        fixture.profile = new AppProfile(IlinkFixture.APP, "Guide", "", List.of(), false, true);
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.holder() == 0);
        return fixture;
    }

    @Test
    void should_answer_wechats_transcript_without_downloading_the_audio() {
        IlinkFixture f = started();
        String id = f.wechat.userSendsTranscribedVoice("said@im.wechat", "明天几点开会");

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        assertThat(f.turns.last().text()).isEqualTo("明天几点开会");
        assertThat(f.turns.last().attachments()).isEmpty();
        assertThat(f.wechat.mediaDownloads()).isZero();
        assertThat(f.wechat.sent()).extracting(FakeIlink.Sent::text).containsExactly("You said: 明天几点开会");
    }

    @Test
    void should_wrap_raw_pcm_voice_as_wav_for_the_speech_model() {
        IlinkFixture f = started();
        byte[] pcm = new byte[3200]; // 100 ms of 16-bit mono at 16 kHz
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (i * 7);
        }
        pcm[0] = 1; // not a signature of any container
        String id = f.wechat.userSendsVoice("pcm@im.wechat", pcm, IlinkVoice.PCM, 16_000);

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        Attachment voice = f.turns.last().attachments().getFirst();
        assertThat(voice.mimeType()).isEqualTo("audio/wav");
        ByteBuffer wav = ByteBuffer.wrap(voice.data()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(voice.data(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(voice.data(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        assertThat(wav.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(wav.getInt(24)).as("sample rate").isEqualTo(16_000);
        assertThat(wav.getShort(34)).as("bits per sample").isEqualTo((short) 16);
        assertThat(wav.getInt(40)).as("data size").isEqualTo(pcm.length);
        assertThat(Arrays.copyOfRange(voice.data(), 44, voice.data().length)).isEqualTo(pcm);
    }

    @Test
    void should_name_the_audio_by_its_signature_before_its_encode_type() {
        IlinkFixture f = started();
        byte[] mp3 = "ID3\u0004\u0000 mp3 frames".getBytes(StandardCharsets.ISO_8859_1);
        // encode_type says SILK, the bytes say MP3: the bytes win.
        String id = f.wechat.userSendsVoice("mp3@im.wechat", mp3, IlinkVoice.SILK, 0);

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        Attachment voice = f.turns.last().attachments().getFirst();
        assertThat(voice.mimeType()).isEqualTo("audio/mpeg");
        assertThat(voice.data()).isEqualTo(mp3);
    }

    @Test
    void should_pass_silk_as_silk() {
        IlinkFixture f = started();
        byte[] silk = "\u0002#!SILK_V3 frames".getBytes(StandardCharsets.ISO_8859_1);
        String id = f.wechat.userSendsVoice("silk@im.wechat", silk, IlinkVoice.AMR, 0);

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        assertThat(f.turns.last().attachments().getFirst().mimeType()).isEqualTo("audio/silk");
    }
}
