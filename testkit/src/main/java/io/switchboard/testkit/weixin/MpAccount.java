package io.switchboard.testkit.weixin;

/**
 * An official account as the fake platform knows it.
 *
 * @param originalId the account's own user name ({@code gh_...}), the {@code ToUserName} of callbacks
 */
public record MpAccount(String appId, String secret, String token, String encodingAesKey, String originalId) {
    /** A fresh account with random credentials. */
    public static MpAccount random(String name) {
        return new MpAccount(
                "wx" + name, "secret-" + name, "token" + name, WeixinCrypto.newEncodingAesKey(), "gh_" + name);
    }
}
