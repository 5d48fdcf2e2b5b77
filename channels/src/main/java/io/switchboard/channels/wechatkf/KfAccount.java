package io.switchboard.channels.wechatkf;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.weixin.HeldAccounts;
import io.switchboard.channels.weixin.LeaseLoop;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound customer-service corp on one member: renews the lease {@code wechat-kf:<bindingId>} every
 * third of its TTL and runs the {@link KfPoller} while it holds it, with a recovery scan every half
 * grace. Callbacks are checked and decrypted here (WxJava's crypto), on any member.
 */
final class KfAccount implements HeldAccounts.Account, LeaseLoop.Holder {
    private static final Logger LOG = LoggerFactory.getLogger(KfAccount.class);

    final BoundAccount account;
    final KfSettings settings;
    private final ChannelContext channel;
    private final Context context;
    private final WeChatKfOptions options;
    private final KfTurns turns;
    private final KfPoller poller;
    private final WxCryptUtil crypt;
    private final LeaseLoop lease;

    KfAccount(
            BoundAccount account,
            KfSettings settings,
            ChannelContext channel,
            Context context,
            WeChatKfOptions options,
            HttpClient http,
            String memberId) {
        this.account = account;
        this.settings = settings;
        this.channel = channel;
        this.context = context;
        this.options = options;
        KfApi api = new KfApi(http, options, settings);
        this.turns = new KfTurns(account, channel, options, memberId, api);
        this.poller = new KfPoller(account, settings, channel, options, api, turns);
        this.crypt = new WxCryptUtil(settings.token(), settings.encodingAesKey(), settings.corpId());
        this.lease = new LeaseLoop(
                channel, context, leaseName(account.bindingId()), options.leaseTtl(), options.recoveryGrace(), this);
    }

    static String leaseName(String bindingId) {
        return "wechat-kf:" + bindingId;
    }

    @Override
    public BoundAccount binding() {
        return account;
    }

    boolean polling() {
        return poller.running();
    }

    boolean checkSignature(String timestamp, String nonce, String encrypted, String signature) {
        return SHA1.gen(settings.token(), timestamp, nonce, encrypted).equals(signature);
    }

    /** Throws IllegalArgumentException when the ciphertext does not open with this binding's key. */
    String decrypt(String encrypted) {
        try {
            return crypt.decrypt(encrypted);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the message does not decrypt with this binding's EncodingAESKey");
        }
    }

    @Override
    public void start() {
        lease.start();
    }

    @Override
    public void held() {
        poller.start();
    }

    @Override
    public boolean holding() {
        return poller.running();
    }

    @Override
    public void lost() {
        LOG.info("wechat-kf binding {}: lease lost; another member syncs", account.bindingId());
        poller.stop();
    }

    @Override
    public void scan() {
        if (poller.running()) {
            turns.scan();
        }
    }

    @Override
    public io.vertx.core.Future<Void> stop() {
        lease.stop();
        context.runOnContext(v -> {
            poller.stop();
        });
        return io.vertx.core.Future.succeededFuture();
    }

    /** As a killed process: nothing more is sent or recorded. */
    @Override
    public void crash() {
        turns.crash();
        stop();
    }
}
