package io.switchboard.channels.telegram;

import io.switchboard.channels.testing.ChannelContractTest;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.testkit.TelegramUpdates;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;

/** The channel contract for a Telegram bot bound by webhook, through the fake Bot API. */
class TelegramContractTest extends ChannelContractTest {
    private TelegramFixture fixture;

    @Override
    protected void startChannel() {
        fixture = TelegramFixture.start();
        fixture.defaultAnswer = ChannelContractTest::answerTo;
        fixture.bindWebhook("contract");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fixture.api.webhookUrl() != null);
    }

    @Override
    protected void stopChannel() {
        fixture.close();
    }

    @Override
    protected ScriptedTurnHandler turns() {
        return fixture.turns;
    }

    @Override
    protected String channelType() {
        return TelegramChannel.TYPE;
    }

    @Override
    protected String appId() {
        return TelegramFixture.APP;
    }

    /** Telegram user ids are numbers; a private chat's id is its user's id. */
    @Override
    protected String newUser() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000, 1L << 40));
    }

    @Override
    protected int send(String user, String text) {
        return fixture.api.postToWebhook(TelegramUpdates.privateText(Long.parseLong(user), text));
    }

    @Override
    protected int sendUnauthenticated(String user, String text) {
        var update = fixture.api.withId(TelegramUpdates.privateText(Long.parseLong(user), text));
        return fixture.api.postToWebhook(fixture.api.webhookUrl(), update.encode(), "not-the-secret-of-this-bot");
    }

    @Override
    protected int sendMalformed(String user) {
        return fixture.api.postToWebhook(
                fixture.api.webhookUrl(), "{\"message\":{\"from\":" + user + "}", TelegramFixture.SECRET);
    }

    @Override
    protected Integer sendTwice(String user, String text) {
        var update = fixture.api.withId(TelegramUpdates.privateText(Long.parseLong(user), text));
        fixture.api.postToWebhook(update);
        return fixture.api.postToWebhook(update);
    }

    @Override
    protected List<String> answersSeenBy(String user) {
        return fixture.api.messages(Long.parseLong(user));
    }
}
