package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.weixin.ClusterTokens;
import io.switchboard.channels.weixin.WeixinApiException;
import io.switchboard.threads.EventLoop;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import me.chanjar.weixin.common.bean.WxAccessToken;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.api.impl.WxMpServiceHttpClientImpl;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

/**
 * One bound official account: its settings and its own WxJava service (one per account, so no
 * ThreadLocal account switching), whose access token comes from the cluster. EventLoop methods run on
 * virtual threads only.
 */
final class MpAccount {
    final BoundAccount binding;
    final MpSettings settings;
    private final WxMpDefaultConfigImpl config;
    private final ClusterService service;
    private final WxCryptUtil crypt;

    MpAccount(BoundAccount binding, ClusterTokens tokens, EventLoop eventLoop) {
        this.binding = binding;
        this.settings = MpSettings.from(binding.settings());
        this.config = new WxMpDefaultConfigImpl() {
            @Override
            public boolean autoRefreshToken() {
                // The SDK would retry with the same cluster token, forever: token errors come to us.
                return false;
            }
        };
        config.setAppId(settings.appId());
        config.setSecret(settings.appSecret());
        config.setToken(settings.token());
        config.setAesKey(settings.encodingAesKey());
        // stable_token: fetching one does not invalidate the token other members hold.
        config.setUseStableAccessToken(true);
        if (settings.apiBaseUrl() != null) {
            config.setHostConfig(
                    new WxMpHostConfig(settings.apiBaseUrl(), settings.apiBaseUrl(), settings.apiBaseUrl()));
        }
        this.service = new ClusterService(tokens, binding.bindingId(), eventLoop);
        service.setWxMpConfigStorage(config);
        // No SDK retries: they sleep the calling thread and cannot tell a safe retry from a resend.
        service.setMaxRetryTimes(0);
        this.crypt = settings.encodingAesKey() == null
                ? null
                : new WxCryptUtil(settings.token(), settings.encodingAesKey(), settings.appId());
    }

    boolean checkSignature(String timestamp, String nonce, String signature) {
        return service.checkSignature(timestamp, nonce, signature);
    }

    boolean checkMsgSignature(String timestamp, String nonce, String encrypted, String msgSignature) {
        return SHA1.gen(settings.token(), timestamp, nonce, encrypted).equals(msgSignature);
    }

    boolean canDecrypt() {
        return crypt != null;
    }

    /** Decrypts a callback's {@code Encrypt}; throws IllegalArgumentException when it does not open. */
    String decrypt(String encrypted) {
        try {
            return crypt.decrypt(encrypted);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the message does not decrypt with this account's EncodingAESKey");
        }
    }

    /** The passive reply XML for {@code text} (at most 2047 bytes), encrypted when asked. */
    String passiveReply(String user, String account, String text, boolean encrypted) {
        WxMpXmlOutMessage out = WxMpXmlOutMessage.TEXT()
                .content(text)
                .fromUser(account)
                .toUser(user)
                .build();
        return encrypted ? out.toEncryptedXml(config) : out.toXml();
    }

    /** Sends one customer-service text; throws {@link WeixinApiException}. */
    void sendCustom(String user, String text, boolean forceToken) {
        try {
            if (forceToken) {
                service.refresh();
            }
            service.getKefuService()
                    .sendKefuMessage(
                            WxMpKefuMessage.TEXT().toUser(user).content(text).build());
        } catch (WxErrorException | RuntimeException e) {
            throw WeixinApiException.from(e);
        }
    }

    /**
     * Downloads a photo or voice message the platform keeps under {@code media.mediaId()}.
     *
     * @return the attachment, or null when the file is larger than {@code maxBytes}
     * @throws WeixinApiException when the platform refuses or cannot be reached
     */
    InboundMessage.Attachment downloadMedia(MpInbound.Media media, long maxBytes) {
        File file = null;
        try {
            file = service.getMaterialService().mediaDownload(media.mediaId());
            if (file == null || file.length() == 0) {
                throw new WeixinApiException(0, "media " + media.mediaId() + " came back empty", false);
            }
            if (file.length() > maxBytes) {
                return null;
            }
            return new InboundMessage.Attachment(
                    media.kind(), mimeType(media, file.getName()), Files.readAllBytes(file.toPath()));
        } catch (WeixinApiException e) {
            throw e;
        } catch (WxErrorException | RuntimeException e) {
            throw WeixinApiException.from(e);
        } catch (IOException e) {
            throw WeixinApiException.from(new UncheckedIOException(e));
        } finally {
            if (file != null) {
                file.delete(); // WxJava leaves downloads in its temporary directory
            }
        }
    }

    /** The platform names the file with its real extension ({@code .png}, {@code .amr}); trust it over the guess. */
    private static String mimeType(MpInbound.Media media, String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (media.kind() == InboundMessage.Attachment.Kind.IMAGE) {
            if (name.endsWith(".png")) {
                return "image/png";
            }
            if (name.endsWith(".gif")) {
                return "image/gif";
            }
            if (name.endsWith(".webp")) {
                return "image/webp";
            }
        }
        return media.mimeType();
    }

    /** WxJava's service with the access token taken from (and refreshed for) the whole cluster. */
    private static final class ClusterService extends WxMpServiceHttpClientImpl {
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

        /** Replaces the cluster's current token, which the platform just refused. */
        void refresh() {
            tokens.replaceCurrent(eventLoop, account, this::fetch);
        }

        private ClusterTokens.Token fetch(boolean force) throws Exception {
            String json = doGetStableAccessTokenRequest(force);
            WxAccessToken token = WxAccessToken.fromJson(json);
            if (token.getAccessToken() == null) {
                throw new WxErrorException(me.chanjar.weixin.common.error.WxError.fromJson(json));
            }
            return new ClusterTokens.Token(
                    token.getAccessToken(), Duration.ofSeconds(Math.max(60, token.getExpiresIn())));
        }
    }
}
