package io.switchboard.channels.wecomaibot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.FakeWeComAiBot;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeComAiBotChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private AiBotFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private AiBotFixture started() {
        fixture = AiBotFixture.start();
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.wecom.subscribed(AiBotFixture.BOT_ID));
        return fixture;
    }

    @Test
    void should_subscribe_and_stream_the_answer_into_the_chat() {
        AiBotFixture f = started();
        String question = "What can you do for a team of twelve people?";

        String reqId = f.wecom.pushText(AiBotFixture.BOT_ID, "msg-1", "zhangsan", question);

        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("msg-1").size() == 1);
        FakeWeComAiBot.Stream stream = f.wecom.streams().get(reqId);
        assertThat(stream.content()).isEqualTo("You said: " + question);
        assertThat(stream.frames()).as("streamed before finishing").hasSizeGreaterThan(1);
        for (int i = 1; i < stream.frames().size(); i++) {
            assertThat(stream.frames().get(i)).startsWith(stream.frames().get(i - 1));
        }
        assertThat(f.turns.last().conversationId()).isEqualTo("wecom-aibot:bot-1:u:zhangsan");
        assertThat(f.turns.last().userId()).isEqualTo("zhangsan");
        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("msg-1")));
        assertThat(f.wecom.pushes()).isEmpty();
    }

    @Test
    void should_answer_a_repeated_msgid_once() {
        AiBotFixture f = started();
        String first = f.wecom.pushText(AiBotFixture.BOT_ID, "msg-2", "lisi", "hello");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("msg-2").size() == 1);

        f.wecom.pushAgain(AiBotFixture.BOT_ID, f.wecom.callbackBody(first));
        f.wecom.pushText(AiBotFixture.BOT_ID, "msg-3", "lisi", "and again");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("msg-3").size() == 1);

        assertThat(f.wecom.finishedStreams("msg-2")).hasSize(1);
        assertThat(f.turns.received()).extracting(m -> m.text()).containsExactly("hello", "and again");
    }

    @Test
    void should_key_group_conversations_by_chat() {
        AiBotFixture f = started();
        f.wecom.pushGroupText(AiBotFixture.BOT_ID, "msg-g", "wrkGroup01", "wangwu", "@bot status?");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("msg-g").size() == 1);
        assertThat(f.turns.last().conversationId()).isEqualTo("wecom-aibot:bot-1:g:wrkGroup01");
        assertThat(f.turns.last().userId()).isEqualTo("wangwu");
    }

    @Test
    void should_finish_the_stream_at_its_limit_and_push_the_rest_in_order() {
        AiBotFixture f = started();
        f.turns.chunks(4000, 1);
        String sentence = "这是一段很长的回答，用来检查分段。";
        String longAnswer = sentence.repeat(1000); // 51 000 bytes
        f.answers.put("long please", longAnswer);

        f.wecom.pushText(AiBotFixture.BOT_ID, "msg-long", "zhaoliu", "long please");

        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("msg-long")));
        List<FakeWeComAiBot.Stream> streams = f.wecom.finishedStreams("msg-long");
        assertThat(streams).hasSize(1);
        StringBuilder whole = new StringBuilder(streams.getFirst().content());
        assertThat(f.wecom.pushes()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.chatid()).isEqualTo("zhaoliu");
            assertThat(p.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(WeComAiBotOptions.DEFAULT_PUSH_CHUNK_BYTES);
        });
        f.wecom.pushes().forEach(p -> whole.append(p.content()));
        assertThat(whole.toString()).isEqualTo(longAnswer);
    }

    @Test
    void should_answer_a_voice_message_from_its_transcript() {
        AiBotFixture f = started();
        f.wecom.pushVoice(AiBotFixture.BOT_ID, "msg-v", "sunqi", "明天开会吗");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("msg-v").size() == 1);
        assertThat(f.turns.last().text()).isEqualTo("明天开会吗");
    }

    @Test
    void should_decrypt_an_image_for_an_app_that_takes_images() {
        AiBotFixture f = started();
        f.acceptsImages = true;
        byte[] png = new byte[5000];
        png[0] = (byte) 0x89;
        png[1] = 'P';
        png[2] = 'N';
        png[3] = 'G';
        for (int i = 4; i < png.length; i++) {
            png[i] = (byte) (i * 31);
        }
        f.wecom.pushImage(AiBotFixture.BOT_ID, "msg-i", "zhouba", png);

        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("msg-i").size() == 1);
        var attachment = f.turns.last().attachments().getFirst();
        assertThat(attachment.mimeType()).isEqualTo("image/png");
        assertThat(attachment.data()).isEqualTo(png);
    }

    @Test
    void should_say_the_image_reply_when_the_app_takes_no_images() {
        AiBotFixture f = started();
        f.wecom.pushImage(AiBotFixture.BOT_ID, "msg-i2", "zhouba", new byte[] {1, 2, 3});
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("msg-i2").size() == 1);
        assertThat(f.wecom.finishedStreams("msg-i2").getFirst().content())
                .isEqualTo(AiBotBindingType.DEFAULT_IMAGE_REPLY);
        assertThat(f.turns.received()).isEmpty();
    }

    @Test
    void should_not_subscribe_with_a_wrong_secret_and_connect_once_corrected() {
        fixture = AiBotFixture.start();
        AiBotFixture f = fixture;
        f.bind(new JsonObject().put("botId", AiBotFixture.BOT_ID).put("secret", "wrong-secret-000"));
        await().atMost(WAIT)
                .until(() -> f.wecom.received().stream()
                                .filter(r -> "aibot_subscribe".equals(r.getString("cmd")))
                                .count()
                        >= 2);
        assertThat(f.wecom.subscribed(AiBotFixture.BOT_ID)).isFalse();

        f.bind();
        await().atMost(WAIT).until(() -> f.wecom.subscribed(AiBotFixture.BOT_ID));
    }

    @Test
    void should_reconnect_when_wecom_drops_the_connection() {
        AiBotFixture f = started();
        f.wecom.dropConnection(AiBotFixture.BOT_ID);
        await().atMost(WAIT).until(() -> f.wecom.subscriptions() == 2 && f.wecom.subscribed(AiBotFixture.BOT_ID));
        f.wecom.pushText(AiBotFixture.BOT_ID, "msg-r", "qianjiu", "still there?");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("msg-r").size() == 1);
    }

    @Test
    void should_ping_to_keep_the_connection() {
        fixture = AiBotFixture.start(b -> b.heartbeatInterval(Duration.ofMillis(50)));
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.wecom.pings() >= 3);
        assertThat(fixture.wecom.subscriptions()).isEqualTo(1);
    }

    @Test
    void should_push_the_whole_answer_when_the_stream_is_refused() {
        AiBotFixture f = started();
        f.wecom.failNext(
                "aibot_respond_msg",
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058,
                40058);
        f.wecom.pushText(AiBotFixture.BOT_ID, "msg-x", "wuyi", "short");
        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("msg-x")));
        assertThat(f.wecom.pushes()).extracting(FakeWeComAiBot.Push::content).containsExactly("You said: short");
        assertThat(f.wecom.finishedStreams("msg-x")).isEmpty();
    }
}
