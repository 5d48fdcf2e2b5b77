package io.switchboard.channels.wecom;

import io.switchboard.channels.testing.ChannelContractTest;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.Seen;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/** The channel contract for a WeCom app, through the fake platform. */
class WeComContractTest extends ChannelContractTest {
    private CpFixture fixture;
    private CorpApp app;

    @Override
    protected void startChannel() {
        fixture = new CpFixture();
        app = fixture.bind("wc-contract", 1000002, false);
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
        return WeComChannel.TYPE;
    }

    @Override
    protected String appId() {
        return "demo";
    }

    @Override
    protected int send(String user, String text) {
        return fixture.deliver(app, "wc-contract", CpFixture.text(app, user, text), fixture.urls("wc-contract"))
                .attempts()
                .getLast()
                .status();
    }

    @Override
    protected int sendUnauthenticated(String user, String text) {
        var signed = WeixinCallbacks.signWeCom(app, CpFixture.text(app, user, text), WeixinCallbacks.now(), "n1");
        String forged = signed.query().replaceFirst("msg_signature=[0-9a-f]+", "msg_signature=" + "1".repeat(40));
        return status(fixture.url(0, "wc-contract") + "?" + forged, signed.body());
    }

    @Override
    protected int sendMalformed(String user) {
        var signed =
                WeixinCallbacks.signWeCom(app, "<xml><FromUserName>" + user + "</xml>", WeixinCallbacks.now(), "n2");
        return status(fixture.url(0, "wc-contract") + "?" + signed.query(), signed.body());
    }

    @Override
    protected Integer sendTwice(String user, String text) {
        // The same signed callback on one member, then on the other (a retry after a lost answer).
        var signed = WeixinCallbacks.signWeCom(
                app, CpFixture.text(app, user, text), WeixinCallbacks.now(), WeixinCallbacks.nonce());
        status(fixture.url(0, "wc-contract") + "?" + signed.query(), signed.body());
        return status(fixture.url(1, "wc-contract") + "?" + signed.query(), signed.body());
    }

    @Override
    protected List<String> answersSeenBy(String user) {
        return fixture.platform.seen(user).stream().map(Seen::text).toList();
    }

    private int status(String url, String body) {
        return ChannelTestServer.await(fixture.platform.callbacks().send(HttpMethod.POST, url, body))
                .status();
    }
}
