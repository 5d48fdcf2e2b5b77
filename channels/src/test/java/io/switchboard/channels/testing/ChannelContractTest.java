package io.switchboard.channels.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.channels.spi.InboundMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every channel adapter must do, written once: each adapter's test extends this and drives its
 * platform's wire protocol against a real server. Every answer comes from a {@link ScriptedTurnHandler}
 * that answers {@link #ANSWER_PREFIX} + the question.
 *
 * <p>To add a channel: extend this class, start the adapter in {@link #startChannel()} and implement
 * the few wire-level methods below.
 */
public abstract class ChannelContractTest {
    public static final String ANSWER_PREFIX = "Answer to: ";

    /** Starts the adapter on a real server with a {@link ScriptedTurnHandler} answering {@link #answerTo}. */
    protected abstract void startChannel();

    protected abstract void stopChannel();

    /** The turn handler the adapter was started with. */
    protected abstract ScriptedTurnHandler turns();

    /** The {@link InboundMessage#channel()} the adapter reports. */
    protected abstract String channelType();

    /** The app the adapter addresses. */
    protected abstract String appId();

    /** Sends a well-formed, authenticated message from {@code user}; returns the HTTP status. */
    protected abstract int send(String user, String text);

    /** Sends a message whose signature or key is wrong; returns the HTTP status. */
    protected abstract int sendUnauthenticated(String user, String text);

    /** Sends an authenticated request whose body is malformed; returns the HTTP status. */
    protected abstract int sendMalformed(String user);

    /**
     * Delivers one message twice, as its platform does when it retries (the first delivery lost or
     * timed out), and returns the status of the last delivery; null when the channel has no
     * redelivery (each request is a new turn by design).
     */
    protected abstract Integer sendTwice(String user, String text);

    /** The answers {@code user} received so far, in order. */
    protected abstract List<String> answersSeenBy(String user);

    /** The scripted answer to {@code question}; give it to the {@link ScriptedTurnHandler}. */
    public static String answerTo(String question) {
        return ANSWER_PREFIX + question;
    }

    @BeforeEach
    void start() {
        startChannel();
    }

    @AfterEach
    void stop() {
        stopChannel();
    }

    /**
     * A user id no other test used, in the form the platform gives ({@link InboundMessage#userId()}
     * must equal it). Override when the platform's ids are not free text (Telegram's are numbers).
     */
    protected String newUser() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private List<InboundMessage> receivedFrom(String user) {
        return turns().received().stream().filter(m -> user.equals(m.userId())).toList();
    }

    @Test
    void should_reject_a_request_that_fails_verification_and_process_nothing() {
        String user = newUser();

        int status = sendUnauthenticated(user, "who goes there?");

        assertThat(status).isIn(401, 403);
        assertThat(receivedFrom(user)).isEmpty();
        assertThat(answersSeenBy(user)).isEmpty();
    }

    @Test
    void should_hand_a_message_to_the_turn_handler_as_one_inbound_message() {
        String user = newUser();

        assertThat(send(user, "what are your opening hours?")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> receivedFrom(user).size() == 1);
        InboundMessage message = receivedFrom(user).getFirst();
        assertThat(message.channel()).isEqualTo(channelType());
        assertThat(message.appId()).isEqualTo(appId());
        assertThat(message.text()).isEqualTo("what are your opening hours?");
        assertThat(message.conversationId()).isNotBlank();
    }

    @Test
    void should_deliver_the_answer_to_the_user() {
        String user = newUser();

        send(user, "where is my parcel?");

        await().atMost(Duration.ofSeconds(10)).until(() -> !answersSeenBy(user).isEmpty());
        assertThat(answersSeenBy(user)).containsExactly(answerTo("where is my parcel?"));
    }

    @Test
    void should_handle_a_redelivered_message_once() {
        String user = newUser();

        Integer status = sendTwice(user, "is this a duplicate?");
        assumeTrue(status != null, "no redelivery in this protocol: two requests are two turns");

        assertThat(status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !answersSeenBy(user).isEmpty());
        // A second turn or answer would come shortly after the first: nothing more may arrive meanwhile.
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        receivedFrom(user).size() == 1 && answersSeenBy(user).size() == 1);
        assertThat(answersSeenBy(user)).containsExactly(answerTo("is this a duplicate?"));
    }

    @Test
    void should_answer_malformed_input_with_a_client_error_and_process_nothing() {
        String user = newUser();

        int status = sendMalformed(user);

        assertThat(status).isBetween(400, 499);
        assertThat(receivedFrom(user)).isEmpty();
    }
}
