package io.switchboard.channels.wecom;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.weixin.ClusterTokens;
import io.switchboard.channels.weixin.WeixinApiException;
import io.switchboard.threads.EventLoop;
import java.time.Duration;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.cp.api.impl.WxCpServiceApacheHttpClientImpl;
import me.chanjar.weixin.cp.bean.message.WxCpMessage;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * One bound WeCom app with its own WxJava service, whose access token comes from the cluster.
 * EventLoop methods run on virtual threads only.
 */
final class CpAccount {
    final BoundAccount binding;
    final WeComSettings settings;
    private final ClusterService service;
    private final WxCryptUtil crypt;

    CpAccount(BoundAccount binding, ClusterTokens tokens, EventLoop eventLoop, Duration retryPause) {
        this.binding = binding;
        this.settings = WeComSettings.from(binding.settings());
        WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl() {
            @Override
            public boolean autoRefreshToken() {
                // The SDK would retry with the same cluster token, forever: token errors come to us.
                return false;
            }
        };
        config.setCorpId(settings.corpId());
        config.setCorpSecret(settings.secret());
        config.setAgentId(settings.agentId());
        config.setToken(settings.token());
        config.setAesKey(settings.encodingAesKey());
        if (settings.apiBaseUrl() != null) {
            config.setBaseApiUrl(settings.apiBaseUrl());
        }
        this.service = new ClusterService(tokens, binding.bindingId(), eventLoop);
        service.setWxCpConfigStorage(config);
        // The CP SDK turns every error into an opaque "retries exhausted" once its retries are used up,
        // so it keeps one: a busy platform (-1, nothing sent) is tried again after a short pause, and any
        // other errcode (token errors included) reaches us intact. No resend is possible either way.
        service.setMaxRetryTimes(1);
        service.setRetrySleepMillis((int) Math.max(1, retryPause.toMillis()));
        this.crypt = new WxCryptUtil(settings.token(), settings.encodingAesKey(), settings.corpId());
    }

    boolean checkMsgSignature(String timestamp, String nonce, String encrypted, String msgSignature) {
        return SHA1.gen(settings.token(), timestamp, nonce, encrypted).equals(msgSignature);
    }

    /** Throws IllegalArgumentException when the ciphertext does not open with this app's key. */
    String decrypt(String encrypted) {
        try {
            return crypt.decrypt(encrypted);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the message does not decrypt with this app's EncodingAESKey");
        }
    }

    /** Sends one text or markdown message; throws {@link WeixinApiException}. */
    void send(String user, String content, boolean forceToken) {
        try {
            if (forceToken) {
                service.refresh();
            }
            WxCpMessage message = settings.markdown()
                    ? WxCpMessage.MARKDOWN()
                            .agentId(settings.agentId())
                            .toUser(user)
                            .content(content)
                            .build()
                    : WxCpMessage.TEXT()
                            .agentId(settings.agentId())
                            .toUser(user)
                            .content(content)
                            .build();
            service.getMessageService().send(message);
        } catch (WxErrorException | RuntimeException e) {
            throw WeixinApiException.from(e);
        }
    }

    private static final class ClusterService extends WxCpServiceApacheHttpClientImpl {
        private final ClusterTokens tokens;
        private final String account;
        private final EventLoop eventLoop;

        ClusterService(ClusterTokens tokens, String account, EventLoop eventLoop) {
            this.tokens = tokens;
            this.account = account;
            this.eventLoop = eventLoop;
        }

        @Override
        public String getAccessToken(boolean forceRefresh) {
            if (forceRefresh) {
                refresh();
            }
            return tokens.token(eventLoop, account, null, this::fetch);
        }

        void refresh() {
            tokens.replaceCurrent(eventLoop, account, this::fetch);
        }

        private ClusterTokens.Token fetch(boolean force) throws WxErrorException {
            String token = super.getAccessToken(true);
            long seconds = (getWxCpConfigStorage().getExpiresTime() - System.currentTimeMillis()) / 1000;
            return new ClusterTokens.Token(token, Duration.ofSeconds(Math.max(60, seconds + 200)));
        }
    }
}
