package io.switchboard.runtime.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a fetch must not reach and why. IPv6 forms that carry an IPv4 address (mapped,
 * compatible, NAT64, 6to4) are judged by the IPv4 address inside them.
 */
final class AddressRules {
    private record Rule(Cidr block, String reason) {}

    /** Instance metadata services of the big clouds; open only when the allowlist names them exactly. */
    private static final List<Cidr> METADATA = List.of(
            Cidr.of("169.254.169.254"),
            Cidr.of("169.254.170.2"),
            Cidr.of("100.100.100.200"),
            Cidr.of("192.0.0.192"),
            Cidr.of("fd00:ec2::254"));

    private static final List<Rule> V4 = List.of(
            new Rule(Cidr.of("0.0.0.0/8"), "an unspecified ('this network') address"),
            new Rule(Cidr.of("127.0.0.0/8"), "a loopback address"),
            new Rule(Cidr.of("10.0.0.0/8"), "a private address"),
            new Rule(Cidr.of("172.16.0.0/12"), "a private address"),
            new Rule(Cidr.of("192.168.0.0/16"), "a private address"),
            new Rule(Cidr.of("100.64.0.0/10"), "a carrier-grade NAT (shared) address"),
            new Rule(Cidr.of("169.254.0.0/16"), "a link-local address"),
            new Rule(Cidr.of("192.0.0.0/24"), "an IETF protocol address"),
            new Rule(Cidr.of("192.0.2.0/24"), "a documentation address"),
            new Rule(Cidr.of("198.18.0.0/15"), "a benchmarking address"),
            new Rule(Cidr.of("198.51.100.0/24"), "a documentation address"),
            new Rule(Cidr.of("203.0.113.0/24"), "a documentation address"),
            new Rule(Cidr.of("224.0.0.0/4"), "a multicast address"),
            new Rule(Cidr.of("240.0.0.0/4"), "a reserved or broadcast address"));

    private static final List<Rule> V6 = List.of(
            new Rule(Cidr.of("::/128"), "an unspecified address"),
            new Rule(Cidr.of("::1/128"), "a loopback address"),
            new Rule(Cidr.of("fc00::/7"), "a unique local (private) address"),
            new Rule(Cidr.of("fe80::/10"), "a link-local address"),
            new Rule(Cidr.of("fec0::/10"), "a site-local address"),
            new Rule(Cidr.of("ff00::/8"), "a multicast address"),
            new Rule(Cidr.of("2001:db8::/32"), "a documentation address"),
            new Rule(Cidr.of("2001::/32"), "a Teredo tunnel address"),
            new Rule(Cidr.of("100::/64"), "a discard-only address"),
            new Rule(Cidr.of("::/96"), "a deprecated IPv4-compatible address"));

    private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");
    private static final Cidr NAT64_LOCAL = Cidr.of("64:ff9b:1::/48");
    private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");
    private static final Cidr V4_COMPATIBLE = Cidr.of("::/96");

    private final List<Cidr> allowlist;

    AddressRules(List<String> allowlist) {
        this.allowlist = allowlist.stream().map(Cidr::parse).toList();
    }

    /** Why {@code address} must not be reached, or empty when it may. */
    Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean metadata = METADATA.stream().anyMatch(block -> block.contains(bytes));
        if (metadata) {
            boolean named = allowlist.stream().anyMatch(entry -> entry.single() && entry.contains(bytes));
            return named ? Optional.empty() : Optional.of("a cloud metadata address");
        }
        if (allowlist.stream().anyMatch(entry -> entry.contains(bytes))) {
            return Optional.empty();
        }
        if (bytes.length == 4) {
            return judge(V4, bytes);
        }
        byte[] embedded = embeddedIpv4(bytes);
        if (embedded != null) {
            try {
                Optional<String> inner = refusal(InetAddress.getByAddress(embedded));
                return inner.map(reason -> reason + " (inside an IPv6 address)");
            } catch (UnknownHostException e) {
                return Optional.of("a malformed address");
            }
        }
        return judge(V6, bytes);
    }

    private static Optional<String> judge(List<Rule> rules, byte[] bytes) {
        return rules.stream()
                .filter(rule -> rule.block().contains(bytes))
                .map(Rule::reason)
                .findFirst();
    }

    /** The IPv4 address an IPv6 address stands for, or null. (Java already unwraps ::ffff:a.b.c.d.) */
    private static byte[] embeddedIpv4(byte[] v6) {
        if (NAT64.contains(v6) || NAT64_LOCAL.contains(v6)) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return Arrays.copyOfRange(v6, 2, 6);
        }
        boolean mapped = v6[10] == (byte) 0xff && v6[11] == (byte) 0xff && isZero(v6, 0, 10);
        if (mapped || (V4_COMPATIBLE.contains(v6) && !isZero(v6, 12, 15))) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        return null;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
