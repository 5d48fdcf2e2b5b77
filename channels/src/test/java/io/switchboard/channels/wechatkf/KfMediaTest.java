package io.switchboard.channels.wechatkf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.switchboard.channels.spi.MediaLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pictures and voice messages of customers: media/get, the app's media settings, the size limit. */
class KfMediaTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] PNG = png(600);
    private static final byte[] AMR = "#!AMR\n voice frames".getBytes(StandardCharsets.US_ASCII);
    private KfFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private KfFixture started(boolean images, boolean voice, MediaLimits limits) {
        return started(images, voice, limits, null);
    }

    private KfFixture started(boolean images, boolean voice, MediaLimits limits, String replyLanguage) {
        fixture = KfFixture.start(o -> o.mediaLimits(limits));
        fixture.profile =
                new AppProfile(KfFixture.APP, "Guide", "", List.of(), images, voice, java.util.Map.of(), replyLanguage);
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.holder() == 0);
        return fixture;
    }

    @Test
    void should_hand_a_customers_picture_to_an_app_that_takes_images() {
        KfFixture f = started(true, false, MediaLimits.DEFAULT);
        String msgid = f.wecom.customerSendsMedia(KfFixture.KF, "wmPic", "image", PNG);
        f.notify(0, "t");

        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(msgid)));
        Attachment picture = f.turns.last().attachments().getFirst();
        assertThat(picture.kind()).isEqualTo(Attachment.Kind.IMAGE);
        assertThat(picture.mimeType()).isEqualTo("image/png");
        assertThat(picture.data()).isEqualTo(PNG);
        assertThat(f.wecom.sent()).hasSize(1);
        assertThat(f.wecom.mediaDownloads()).isEqualTo(1);
    }

    @Test
    void should_hand_a_voice_message_to_an_app_that_takes_voice_as_amr() {
        KfFixture f = started(false, true, MediaLimits.DEFAULT);
        String msgid = f.wecom.customerSendsMedia(KfFixture.KF, "wmVoice", "voice", AMR);
        f.notify(0, "t");

        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(msgid)));
        Attachment voice = f.turns.last().attachments().getFirst();
        assertThat(voice.kind()).isEqualTo(Attachment.Kind.AUDIO);
        assertThat(voice.mimeType()).isEqualTo("audio/amr");
        assertThat(voice.data()).isEqualTo(AMR);
    }

    @Test
    void should_not_download_what_the_app_does_not_take() {
        KfFixture f = started(false, false, MediaLimits.DEFAULT);
        String msgid = f.wecom.customerSendsMedia(KfFixture.KF, "wmNo", "image", PNG);
        f.notify(0, "t");

        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(msgid)));
        assertThat(f.wecom.sent()).extracting(s -> s.content()).containsExactly(KfTurns.TEXT_ONLY);
        assertThat(f.wecom.mediaDownloads()).isZero();
        assertThat(f.turns.received()).isEmpty();
    }

    @Test
    void should_answer_what_it_cannot_read_in_the_apps_language() {
        KfFixture f = started(false, false, MediaLimits.DEFAULT, "zh-CN");
        // A picture the app does not take, and a video (a type no app is handed).
        String picture = f.wecom.customerSendsMedia(KfFixture.KF, "wmZhPic", "image", PNG);
        String video = f.wecom.customerSendsMedia(KfFixture.KF, "wmZhVideo", "video", PNG);
        f.notify(0, "t");

        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(picture)) && KfTurns.DONE.equals(f.claim(video)));
        assertThat(f.wecom.sent())
                .extracting(s -> s.content())
                .containsExactly(KfTurns.TEXT_ONLY_TEXT.chinese(), KfTurns.TEXT_ONLY_TEXT.chinese());
        assertThat(f.turns.received()).isEmpty();
    }

    @Test
    void should_refuse_a_picture_over_the_limit_politely() {
        KfFixture f = started(true, true, new MediaLimits(500, 500));
        String msgid = f.wecom.customerSendsMedia(KfFixture.KF, "wmBig", "image", PNG);
        f.notify(0, "t");

        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(msgid)));
        assertThat(f.wecom.sent()).extracting(s -> s.content()).containsExactly(MediaLimits.IMAGE_TOO_LARGE);
        assertThat(f.turns.received()).isEmpty();
    }

    /** A PNG signature followed by filler, {@code size} bytes. */
    static byte[] png(int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 7);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, data, 0, 8);
        return data;
    }
}
