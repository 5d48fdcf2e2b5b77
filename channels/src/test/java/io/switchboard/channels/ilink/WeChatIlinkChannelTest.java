package io.switchboard.channels.ilink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.weixin.FakeIlink;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeChatIlinkChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private IlinkFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private IlinkFixture started() {
        fixture = new IlinkFixture();
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.holder() == 0);
        return fixture;
    }

    @Test
    void should_answer_with_the_messages_context_token_and_show_typing() {
        IlinkFixture f = started();
        String id = f.wechat.userSays("o9cq80_user@im.wechat", "hello bot");

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        assertThat(f.wechat.sent()).hasSize(1);
        FakeIlink.Sent sent = f.wechat.sent().getFirst();
        assertThat(sent.toUserId()).isEqualTo("o9cq80_user@im.wechat");
        assertThat(sent.contextToken()).startsWith("ctx-");
        assertThat(sent.text()).isEqualTo("You said: hello bot");
        await().atMost(WAIT).until(() -> f.wechat.typing().size() == 2);
        assertThat(f.wechat.typing()).extracting(t -> t.getInteger("status")).containsExactly(1, 2);
        assertThat(f.turns.last().conversationId()).isEqualTo("wechat-ilink:wx-1:u:o9cq80_user@im.wechat");
        assertThat(f.member(0).status(IlinkFixture.BINDING).await()).isEqualTo("active");
    }

    @Test
    void should_resume_from_the_committed_buf() {
        IlinkFixture f = started();
        String first = f.wechat.userSays("u1@im.wechat", "one");
        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(first)));
        String second = f.wechat.userSays("u1@im.wechat", "two");
        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(second)));
        assertThat(f.wechat.sent()).extracting(FakeIlink.Sent::text).containsExactly("You said: one", "You said: two");
        assertThat(f.turns.received()).hasSize(2);
        assertThat(f.wechat.bufs().getLast()).isNotEmpty();
    }

    @Test
    void should_send_a_long_answer_in_parts_in_order() {
        IlinkFixture f = started();
        String answer = "这个回答很长，需要分成几段发送。".repeat(40); // ~1.9 KB, parts of 300 bytes
        f.answers.put("long", answer);
        String id = f.wechat.userSays("u2@im.wechat", "long");
        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        assertThat(f.wechat.sent())
                .hasSizeGreaterThan(5)
                .allSatisfy(s -> assertThat(s.text().getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(300));
        assertThat(String.join(
                        "", f.wechat.sent().stream().map(FakeIlink.Sent::text).toList()))
                .isEqualTo(answer);
    }

    @Test
    void should_pace_sends_at_the_bots_rate() {
        fixture = new IlinkFixture(o -> o.botMessagesPerSecond(10).userInterval(Duration.ofMillis(300)));
        IlinkFixture f = fixture;
        f.bind();
        await().atMost(WAIT).until(() -> f.holder() == 0);
        long asked = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            f.wechat.userSays("pace" + i + "@im.wechat", "q" + i);
        }
        f.answers.put("long", "这个回答很长，需要分成几段发送。".repeat(12)); // ~570 bytes: 2 parts to one user
        f.wechat.userSays("pace9@im.wechat", "long");

        await().atMost(WAIT).until(() -> f.wechat.sent().size() == 7);
        // 10 per second: the seventh send's slot is at least 600 ms after the first booking, which came
        // after the messages were queued (an instant model answers all seven within a few ms otherwise).
        assertThat(f.wechat.sent().getLast().atMillis() - asked).isGreaterThanOrEqualTo(600);
        assertThat(String.join(
                        "",
                        f.wechat.sent().stream()
                                .filter(s -> s.toUserId().equals("pace9@im.wechat"))
                                .map(FakeIlink.Sent::text)
                                .toList()))
                .isEqualTo(f.answers.get("long"));
    }

    @Test
    void should_report_an_expired_session_on_the_binding_status() {
        IlinkFixture f = started();
        f.wechat.expireSession();
        await().atMost(WAIT)
                .until(() -> "session-expired"
                        .equals(f.member(0).status(IlinkFixture.BINDING).await()));
    }

    @Test
    void should_name_the_setting_to_fix() {
        assertThatThrownBy(() -> IlinkBindingType.INSTANCE.validate(new JsonObject()))
                .hasMessageContaining("settings.botToken");
        assertThatThrownBy(() -> IlinkBindingType.INSTANCE.validate(
                        new JsonObject().put("botToken", "0123456789").put("x", 1)))
                .hasMessageContaining("settings.x");
        assertThat(IlinkBindingType.INSTANCE.secretFields()).containsExactly("botToken");
        assertThat(IlinkBindingType.INSTANCE.callbackPath("b")).isNull();
    }

    @Test
    void should_answer_once_when_the_poller_dies_mid_answer() {
        fixture = new IlinkFixture();
        fixture.addMember("member-1");
        IlinkFixture f = fixture;
        f.bind();
        await().atMost(WAIT).until(() -> f.holder() >= 0);
        f.turns.chunks(2, 20); // a slow model
        String id = f.wechat.userSays("u3@im.wechat", "a question for the slow model");
        await().atMost(WAIT).until(() -> f.turns.received().size() == 1);
        int holder = f.holder();

        f.member(holder).crash();

        await().atMost(WAIT).until(() -> f.holder() == 1 - holder);
        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        assertThat(f.wechat.sent())
                .extracting(FakeIlink.Sent::text)
                .containsExactly("You said: a question for the slow model");

        String next = f.wechat.userSays("u3@im.wechat", "next");
        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(next)));
        assertThat(f.wechat.sent()).hasSize(2);
    }

    @Test
    void should_finish_a_send_in_flight_when_the_member_stops_and_not_send_it_again() {
        fixture = new IlinkFixture();
        fixture.addMember("member-1");
        IlinkFixture f = fixture;
        f.bind();
        await().atMost(WAIT).until(() -> f.holder() >= 0);
        int holder = f.holder();
        f.wechat.holdNextSend();
        String id = f.wechat.userSays("u4@im.wechat", "answer me while I stop");
        await().atMost(WAIT).until(f.wechat::holdingSend);

        // Stopped with WeChat's answer outstanding; the answer comes after the stop began (in order).
        WeChatIlinkChannel stopping = f.member(holder);
        stopping.context().runOnContext(v -> stopping.stop());
        stopping.context().runOnContext(v -> f.wechat.releaseHeldSend());

        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(id)));
        await().atMost(WAIT).until(() -> f.holder() == 1 - holder);
        String next = f.wechat.userSays("u4@im.wechat", "next");
        await().atMost(WAIT).until(() -> IlinkTurns.DONE.equals(f.claim(next)));
        assertThat(f.wechat.sent())
                .extracting(FakeIlink.Sent::text)
                .containsExactly("You said: answer me while I stop", "You said: next");
    }

    @Test
    void should_log_in_with_a_qr_code_and_hand_back_the_settings_to_bind() {
        fixture = new IlinkFixture();
        IlinkFixture f = fixture;
        JsonObject started = f.member(0).startLogin("wechat-ilink").await();
        assertThat(started.getString("status")).isEqualTo("waiting");
        assertThat(started.getString("qrCodeUrl")).startsWith("https://");
        String loginId = started.getString("loginId");
        assertThat(f.member(0).loginStatus("wechat-ilink", loginId).await().getString("status"))
                .isEqualTo("waiting");

        f.wechat.scan(loginId);
        assertThat(f.member(0).loginStatus("wechat-ilink", loginId).await().getString("status"))
                .isEqualTo("scanned");
        f.wechat.confirm(loginId);
        JsonObject confirmed = f.member(0).loginStatus("wechat-ilink", loginId).await();

        assertThat(confirmed.getString("status")).isEqualTo("confirmed");
        JsonObject settings = IlinkBindingType.INSTANCE.validate(confirmed.getJsonObject("settings"));
        assertThat(settings.getString("botToken")).isEqualTo(IlinkFixture.TOKEN);
        assertThat(settings.getString("botId")).isEqualTo("b0t1d@im.bot");
        assertThatThrownBy(
                        () -> f.member(0).loginStatus("wechat-ilink", "../etc").await())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.member(0).startLogin("telegram").await()).hasMessageContaining("has no login");
    }
}
