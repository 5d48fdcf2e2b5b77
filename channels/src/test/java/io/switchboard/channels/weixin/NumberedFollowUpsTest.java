package io.switchboard.channels.weixin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.testing.InMemorySharedState;
import io.switchboard.threads.EventLoop;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NumberedFollowUpsTest {
    private final Vertx vertx = Vertx.vertx();
    private final NumberedFollowUps followUps = new NumberedFollowUps(new InMemorySharedState(vertx), "test");

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void should_head_the_list_in_the_apps_language_when_set_else_in_the_answers() throws Exception {
        String zh = "您可能还想问（回复序号即可）：";
        String en = "You might also ask (reply with the number):";
        // One heading only: a list headed in both languages would pass a "contains" of either.
        assertThat(appended("zh-CN", "Switchboard routes messages."))
                .contains(zh)
                .doesNotContain(en);
        assertThat(appended("en", "Switchboard 负责转发消息。")).contains(en).doesNotContain(zh);
        assertThat(appended(null, "Switchboard 负责转发消息。")).contains(zh).doesNotContain(en);
        assertThat(appended(null, "Switchboard routes messages.")).contains(en).doesNotContain(zh);
    }

    @Test
    void should_understand_a_number_only_in_the_message_right_after_the_list() throws Exception {
        EventLoop loop = EventLoop.of(vertx.getOrCreateContext());
        appended("en", "An answer.");
        assertThat(resolve(loop, "２")).as("right after the list").isEqualTo("Two?");
        assertThat(resolve(loop, "2")).as("the list was forgotten").isEqualTo("2");

        appended("en", "Another answer.");
        assertThat(resolve(loop, "3")).as("no third question").isEqualTo("3");
        assertThat(resolve(loop, "1")).as("a number after another message").isEqualTo("1");

        appended("en", "A third answer.");
        assertThat(resolve(loop, "tell me more")).isEqualTo("tell me more");
        assertThat(resolve(loop, "1")).isEqualTo("1");
    }

    private String resolve(EventLoop loop, String text) throws Exception {
        CompletableFuture<String> out = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                out.complete(followUps.resolve(loop, "conversation", text));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The answer with two follow-ups appended, on a virtual thread as the channels call it. */
    private String appended(String appLanguage, String answer) throws Exception {
        EventLoop loop = EventLoop.of(vertx.getOrCreateContext());
        TurnReply reply = new TurnReply(
                "c", answer, 0, 0, false, List.of(), "t1", CompletableFuture.completedFuture(List.of("One?", "Two?")));
        CompletableFuture<String> out = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                out.complete(followUps.append(loop, "conversation", answer, reply, appLanguage));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        String text = out.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(text).startsWith(answer).contains("1. One?").contains("2. Two?");
        return text;
    }

    @Test
    void should_read_a_lone_number_in_half_or_full_width_and_nothing_else() {
        assertThat(NumberedFollowUps.number("1")).isEqualTo(1);
        assertThat(NumberedFollowUps.number(" 3 ")).isEqualTo(3);
        assertThat(NumberedFollowUps.number("２")).isEqualTo(2);
        assertThat(NumberedFollowUps.number("2.")).isEqualTo(2);
        assertThat(NumberedFollowUps.number("5。")).isEqualTo(5);
        assertThat(NumberedFollowUps.number("6")).isZero();
        assertThat(NumberedFollowUps.number("0")).isZero();
        assertThat(NumberedFollowUps.number("12")).isZero();
        assertThat(NumberedFollowUps.number("1 please")).isZero();
        assertThat(NumberedFollowUps.number(null)).isZero();
    }
}
