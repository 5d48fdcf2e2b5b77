package io.switchboard.channels.ilink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.switchboard.channels.spi.MediaLimits;
import io.switchboard.channels.weixin.MediaDownload;
import io.switchboard.testkit.weixin.FakeIlink;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pictures and voice messages of a personal-WeChat bot's users: the CDN, AES-128-ECB, limits, the guard. */
class IlinkMediaTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] PNG = png(700);
    private static final byte[] SILK = "#!SILK_V3 voice frames".getBytes(StandardCharsets.US_ASCII);
    private IlinkFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private IlinkFixture started(boolean images, boolean voice, MediaLimits limits) {
        fixture = new IlinkFixture(o -> o.mediaLimits(limits));
        fixture.profile = new AppProfile(IlinkFixture.APP, "Guide", "", List.of(), images, voice);
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.holder() == 0);
        return fixture;
    }

    @Test
    void should_decrypt_a_users_picture_for_an_app_that_takes_images() {
        IlinkFixture f = started(true, false, MediaLimits.DEFAULT);
        String id = f.wechat.userSendsImage("pic@im.wechat", PNG);

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        Attachment picture = f.turns.last().attachments().getFirst();
        assertThat(picture.kind()).isEqualTo(Attachment.Kind.IMAGE);
        assertThat(picture.mimeType()).isEqualTo("image/png");
        assertThat(picture.data()).isEqualTo(PNG);
        assertThat(f.wechat.sent()).hasSize(1);
        assertThat(f.wechat.mediaDownloads()).isEqualTo(1);
    }

    @Test
    void should_hand_an_untranscribed_voice_message_to_an_app_that_takes_voice() {
        IlinkFixture f = started(false, true, MediaLimits.DEFAULT);
        String id = f.wechat.userSendsVoice("voice@im.wechat", SILK);

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        Attachment voice = f.turns.last().attachments().getFirst();
        assertThat(voice.kind()).isEqualTo(Attachment.Kind.AUDIO);
        assertThat(voice.mimeType()).isEqualTo("audio/silk");
        assertThat(voice.data()).isEqualTo(SILK);
    }

    @Test
    void should_not_download_what_the_app_does_not_take() {
        IlinkFixture f = started(false, false, MediaLimits.DEFAULT);
        String id = f.wechat.userSendsImage("no@im.wechat", PNG);

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        assertThat(f.wechat.sent()).extracting(FakeIlink.Sent::text).containsExactly(IlinkTurns.TEXT_ONLY);
        assertThat(f.wechat.mediaDownloads()).isZero();
        assertThat(f.turns.received()).isEmpty();
    }

    @Test
    void should_refuse_a_picture_over_the_limit_politely() {
        IlinkFixture f = started(true, true, new MediaLimits(500, 500));
        String id = f.wechat.userSendsImage("big@im.wechat", PNG);

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        assertThat(f.wechat.sent()).extracting(FakeIlink.Sent::text).containsExactly(MediaLimits.IMAGE_TOO_LARGE);
        assertThat(f.turns.received()).isEmpty();
    }

    @Test
    void should_read_both_key_encodings_and_fetch_full_urls_only_from_allowed_hosts() {
        byte[] raw = new byte[16];
        Arrays.fill(raw, (byte) 0xab);
        String hex = "ab".repeat(16);
        assertThat(IlinkMedia.key(java.util.Base64.getEncoder().encodeToString(raw)))
                .isEqualTo(hex);
        assertThat(IlinkMedia.key(
                        java.util.Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(hex);
        assertThat(IlinkMedia.key("not base64 at all!")).isNull();
        JsonObject noFile = new JsonObject().put("media", new JsonObject().put("aes_key", "x"));
        assertThat(IlinkMedia.reference("image", noFile, null)).isNull();

        List<String> hosts = WeChatIlinkOptions.DEFAULT_MEDIA_HOSTS;
        assertThat(MediaDownload.allowed("https://novac2c.cdn.weixin.qq.com/c2c/download?x=1", hosts))
                .isTrue();
        assertThat(MediaDownload.allowed("http://169.254.169.254/latest/meta-data", hosts))
                .isFalse();
        assertThat(MediaDownload.allowed("https://weixin.qq.com.evil.test/x", hosts))
                .isFalse();
        assertThat(MediaDownload.allowed("file:///etc/passwd", hosts)).isFalse();
    }

    /** A PNG signature followed by filler, {@code size} bytes. */
    static byte[] png(int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 7);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, data, 0, 8);
        return data;
    }
}
