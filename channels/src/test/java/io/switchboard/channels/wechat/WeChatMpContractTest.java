package io.switchboard.channels.wechat;

import io.switchboard.channels.testing.ChannelContractTest;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.Seen;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Mode;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/** The channel contract over a subscription account in safe mode, through the fake platform. */
class WeChatMpContractTest extends ChannelContractTest {
    private MpFixture fixture;
    private OfficialAccount account;

    @Override
    protected void startChannel() {
        fixture = new MpFixture(MpFixture.scaledOptions());
        account = fixture.bind("mp-contract", Mode.SAFE, false, null);
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
        return WeChatMpChannel.TYPE;
    }

    @Override
    protected String appId() {
        return "demo";
    }

    private String text(String user, String text) {
        return WeixinMessages.text(account.originalId(), user, WeixinCallbacks.now(), MpFixture.nextMsgId(), text);
    }

    @Override
    protected int send(String user, String text) {
        return fixture.deliver(account, Mode.SAFE, "mp-contract", text(user, text), 1)
                .attempts()
                .getLast()
                .status();
    }

    @Override
    protected int sendUnauthenticated(String user, String text) {
        var signed = WeixinCallbacks.signMp(account, Mode.SAFE, text(user, text), WeixinCallbacks.now(), "n1");
        String forged = signed.query().replaceFirst("signature=[0-9a-f]+", "signature=" + "0".repeat(40));
        return status(HttpMethod.POST, fixture.url(0, "mp-contract") + "?" + forged, signed.body());
    }

    @Override
    protected int sendMalformed(String user) {
        var signed = WeixinCallbacks.signMp(
                account, Mode.PLAINTEXT, "<xml><FromUserName>" + user, WeixinCallbacks.now(), "n2");
        return status(HttpMethod.POST, fixture.url(0, "mp-contract") + "?" + signed.query(), signed.body());
    }

    @Override
    protected Integer sendTwice(String user, String text) {
        // Slower than the platform's deadline: the first try is held, WeChat hangs up and tries the
        // other member, which answers passively when the turn ends.
        fixture.turns.chunks(
                1, (MpFixture.DEADLINE.toMillis() + 200) / answerTo(text).length());
        var outcome = fixture.deliver(account, Mode.SAFE, "mp-contract", text(user, text), 3);
        return outcome.attempts().size() >= 2 ? outcome.attempts().getLast().status() : -1;
    }

    @Override
    protected List<String> answersSeenBy(String user) {
        return fixture.platform.seen(user).stream().map(Seen::text).toList();
    }

    private int status(HttpMethod method, String url, String body) {
        return ChannelTestServer.await(fixture.callbacks().send(method, url, body))
                .status();
    }
}
