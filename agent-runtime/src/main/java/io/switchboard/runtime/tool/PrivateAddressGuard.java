package io.switchboard.runtime.tool;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The default guard: http and https only, and every address the host resolves to must be public
 * (no loopback, private, link-local, unique-local, multicast or wildcard address), so a URL cannot
 * reach the gateway's own network. Tests allow loopback to reach their fake servers.
 */
final class PrivateAddressGuard implements UrlGuard {
    private final boolean allowPrivate;

    PrivateAddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    @Override
    public void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ToolException("only http and https URLs are allowed, not '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ToolException("the URL has no host");
        }
        if (allowPrivate) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new ToolException("host '" + uri.getHost() + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                throw new ToolException("host '" + uri.getHost() + "' resolves to a private or local address");
            }
        }
    }

    private static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        // 100.64.0.0/10 carrier-grade NAT, 0.0.0.0/8
        return first == 0 || (first == 100 && second >= 64 && second < 128);
    }
}
