package io.switchboard.channels.testing;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Mutations of a signed platform callback (query string and XML body), for fuzz tests: broken
 * signatures, stale or reused timestamps and nonces, truncated, garbled, oversized or hostile XML.
 * Deterministic for a given seed.
 */
public final class CallbackMutations {
    /** A request to send. */
    public record Request(String query, String body) {}

    private static final List<String> HOSTILE = List.of(
            "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
            "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<![CDATA[",
            "]]>",
            "&amp;&lt;&#0;&#xFFFF;",
            "<xml>",
            "</xml>",
            "\u0000",
            "\uD800",
            "<Encrypt>",
            "<MsgType>event</MsgType>",
            "<Event>CLICK</Event>",
            "<MsgId>-1</MsgId>",
            "<CreateTime>99999999999999999999</CreateTime>");

    private final Random random;

    public CallbackMutations(long seed) {
        this.random = new Random(seed);
    }

    /** A mutant of {@code request}; {@code resign} recomputes the signatures over a mutated body (or not). */
    public Request mutate(Request request, BiFunction<String, Boolean, Request> resign) {
        return switch (random.nextInt(12)) {
            case 0 -> new Request(flipHex(request.query(), "signature="), request.body());
            case 1 -> new Request(flipHex(request.query(), "msg_signature="), request.body());
            case 2 ->
                new Request(
                        request.query().replaceFirst("timestamp=\\d+", "timestamp=" + random.nextInt(1_000_000)),
                        request.body());
            case 3 ->
                new Request(request.query().replaceFirst("nonce=[^&]*", "nonce=x" + random.nextInt()), request.body());
            case 4 -> new Request(dropParam(request.query()), request.body());
            case 5 -> resign.apply(truncate(request.body()), random.nextBoolean());
            case 6 ->
                resign.apply(insert(request.body(), HOSTILE.get(random.nextInt(HOSTILE.size()))), random.nextBoolean());
            case 7 -> resign.apply(garble(request.body()), random.nextBoolean());
            case 8 -> resign.apply(request.body().repeat(2 + random.nextInt(300)), random.nextBoolean());
            case 9 -> resign.apply("", random.nextBoolean());
            case 10 -> resign.apply(randomText(1 + random.nextInt(400)), random.nextBoolean());
            default -> new Request(request.query() + "&signature=" + "0".repeat(40), request.body());
        };
    }

    private String flipHex(String query, String param) {
        int at = query.indexOf(param);
        if (at < 0) {
            return query + "&" + param + "deadbeef";
        }
        int pos = at + param.length() + random.nextInt(40);
        if (pos >= query.length()) {
            return query;
        }
        char c = query.charAt(pos);
        return query.substring(0, pos) + (c == '0' ? '1' : '0') + query.substring(pos + 1);
    }

    private String dropParam(String query) {
        String[] params = query.split("&");
        int drop = random.nextInt(params.length);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < params.length; i++) {
            if (i != drop) {
                out.append(out.isEmpty() ? "" : "&").append(params[i]);
            }
        }
        return out.toString();
    }

    private String truncate(String body) {
        return body.isEmpty() ? body : body.substring(0, random.nextInt(body.length()));
    }

    private String insert(String body, String fragment) {
        int at = random.nextInt(body.length() + 1);
        return body.substring(0, at) + fragment + body.substring(at);
    }

    private String garble(String body) {
        char[] chars = body.toCharArray();
        for (int i = 0; i < 1 + random.nextInt(8) && chars.length > 0; i++) {
            chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(0x3000));
        }
        return new String(chars);
    }

    private String randomText(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) (1 + random.nextInt(0x7f)));
        }
        return out.toString();
    }
}
