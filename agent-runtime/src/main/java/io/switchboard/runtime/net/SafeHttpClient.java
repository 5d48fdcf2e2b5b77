package io.switchboard.runtime.net;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one way Switchboard fetches URLs it was given by users (crawling, web-page reader, HTTP nodes):
 * only http(s); every host name is resolved once and refused when any address it resolves to is
 * loopback, private, link-local, shared (CGNAT), multicast, unspecified, reserved, IPv6 unique-local or
 * link-local, an IPv4 address hidden in IPv6, or a cloud metadata address — unless the administrator's
 * allowlist opens it. The connection goes to the very address that was checked (no second lookup, so DNS
 * rebinding cannot slip in), every redirect is checked again, and size and time are capped.
 *
 * <p>Blocking: call from virtual threads. Thread-safe.
 */
public final class SafeHttpClient {
    /** Resolves a host name to all its addresses; replaceable in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final NetPolicy policy;
    private final AddressRules rules;
    private final Resolver resolver;
    private final Cache<String, RobotsRules> robots = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();

    private SafeHttpClient(NetPolicy policy, Resolver resolver) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.rules = new AddressRules(policy.allowlist());
        this.resolver = resolver;
    }

    public static SafeHttpClient create(NetPolicy policy) {
        return new SafeHttpClient(policy, InetAddress::getAllByName);
    }

    static SafeHttpClient create(NetPolicy policy, Resolver resolver) {
        return new SafeHttpClient(policy, resolver);
    }

    public NetPolicy policy() {
        return policy;
    }

    /**
     * Checks a URL without fetching it (scheme, host, and every address its host resolves to), so that an
     * API can refuse a bad URL up front with 4xx.
     *
     * @throws FetchException of kind {@code BLOCKED} saying why, or {@code NETWORK} when the name does not resolve
     */
    public void check(URI uri) {
        target(uri);
    }

    /**
     * Sends {@code call}, following redirects (303, and 301/302 after a POST, continue as GET).
     *
     * @return the final response, whatever its status
     * @throws FetchException when refused by the policy or when the fetch fails
     */
    public HttpResult send(HttpCall call) {
        long deadline = System.nanoTime() + policy.totalTimeout().toNanos();
        HttpCall current = call;
        for (int hop = 0; ; hop++) {
            Target target = target(current.uri());
            Http1Exchange.Response response =
                    Http1Exchange.run(current, target.host(), target.address(), target.port(), deadline, policy);
            String location = firstHeader(response, "location");
            if (!REDIRECTS.contains(response.status()) || location == null) {
                return new HttpResult(response.status(), current.uri(), response.headers(), response.body());
            }
            if (hop >= policy.maxRedirects()) {
                throw new FetchException(
                        FetchException.Kind.TOO_MANY_REDIRECTS,
                        "more than " + policy.maxRedirects() + " redirects starting at "
                                + Http1Exchange.safe(call.uri()));
            }
            current = follow(current, response.status(), location);
        }
    }

    /** GETs {@code uri}; see {@link #send}. */
    public HttpResult get(URI uri) {
        return send(HttpCall.get(uri));
    }

    /**
     * True when the site's robots.txt lets this client's user agent fetch {@code uri}. A missing robots.txt
     * (4xx) allows everything; an unreachable one (5xx, network failure) allows nothing, as RFC 9309 asks.
     * Cached per origin for an hour.
     */
    public boolean allowedByRobots(URI uri) {
        String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
        RobotsRules site = robots.get(origin, key -> fetchRobots(URI.create(key + "/robots.txt")));
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return site.allows(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private RobotsRules fetchRobots(URI robotsUri) {
        try {
            HttpResult result = send(new HttpCall("GET", robotsUri, Map.of(), null));
            if (result.status() >= 400 && result.status() < 500) {
                return RobotsRules.ALLOW_ALL;
            }
            if (!result.successful()) {
                return RobotsRules.DISALLOW_ALL;
            }
            return RobotsRules.parse(result.text(), policy.userAgent());
        } catch (FetchException e) {
            return RobotsRules.DISALLOW_ALL;
        }
    }

    private record Target(String host, InetAddress address, int port) {}

    private Target target(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw blocked("only http and https URLs may be fetched, not '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw blocked("URLs with user info (user:password@) are not fetched");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw blocked("the URL has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String asciiHost;
        try {
            asciiHost = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw blocked("the host name '" + host + "' is invalid");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(asciiHost);
        } catch (UnknownHostException e) {
            throw new FetchException(FetchException.Kind.NETWORK, "the host '" + asciiHost + "' does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new FetchException(FetchException.Kind.NETWORK, "the host '" + asciiHost + "' does not resolve");
        }
        // Every address must pass: round-robin answers must not smuggle an internal one in.
        for (InetAddress address : addresses) {
            Optional<String> refusal = rules.refusal(address);
            if (refusal.isPresent()) {
                throw blocked("the host '" + asciiHost + "' resolves to " + address.getHostAddress() + ", "
                        + refusal.get() + "; an administrator can allow it in the knowledge network allowlist");
            }
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Target(asciiHost, addresses[0], port);
    }

    private static HttpCall follow(HttpCall current, int status, String location) {
        URI next;
        try {
            next = current.uri().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.Kind.PROTOCOL, "the server redirected to a malformed URL");
        }
        boolean toGet = status == 303
                || ((status == 301 || status == 302)
                        && !current.method().equals("GET")
                        && !current.method().equals("HEAD"));
        Map<String, String> headers = new HashMap<>(current.headers());
        if (!Objects.equals(host(next), host(current.uri()))) {
            // Credentials meant for one host must not follow a redirect to another.
            headers.keySet()
                    .removeIf(name -> name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("cookie"));
        }
        return toGet
                ? new HttpCall("GET", next, headers, null)
                : new HttpCall(current.method(), next, headers, current.body());
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static String firstHeader(Http1Exchange.Response response, String name) {
        var values = response.headers().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static FetchException blocked(String message) {
        return new FetchException(FetchException.Kind.BLOCKED, message);
    }
}
