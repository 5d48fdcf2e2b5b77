package io.switchboard.admin.external;

import java.net.URI;
import java.util.Map;

/**
 * An outside identity provider the admin console sends a browser to (OIDC, WeChat website QR login, WeCom
 * web login): the browser comes back to the gateway's callback with {@code code} and {@code state}, and the
 * provider turns the code into the person's stable id. Implementations are thread-safe; {@link #complete}
 * blocks (calls the provider through the SSRF guard): call it from a virtual thread.
 */
public interface IdentityProvider {
    /** {@code oidc:<id>}, {@code wechat} or {@code wecom}: the provider of the linked identities. */
    String key();

    /** What the login page shows. */
    String displayName();

    /**
     * Where to send the browser.
     *
     * @param state the value the callback must bring back (checked by the caller)
     * @param redirectUri the gateway's callback
     * @return the URL, and values to remember until the callback (a nonce, a PKCE verifier), kept sealed
     */
    Start start(String state, URI redirectUri);

    /**
     * Turns the callback's code into the person's identity.
     *
     * @param remembered what {@link #start} asked to remember
     * @throws IdentityProviderException when the code is refused or the answer does not check out
     */
    ExternalIdentity complete(String code, Map<String, String> remembered, URI redirectUri);

    record Start(URI authorizationUrl, Map<String, String> remember) {
        public Start {
            remember = Map.copyOf(remember);
        }
    }
}
