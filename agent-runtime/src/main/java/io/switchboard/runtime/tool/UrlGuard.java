package io.switchboard.runtime.tool;

import java.net.URI;

/**
 * Decides whether the gateway may connect to a URL on an admin's or a model's behalf (server-side
 * request forgery guard). Checked before every request and every redirect hop.
 */
@FunctionalInterface
public interface UrlGuard {
    /**
     * @throws ToolException naming why the URL is refused (scheme, private or loopback address, ...)
     */
    void check(URI uri);
}
