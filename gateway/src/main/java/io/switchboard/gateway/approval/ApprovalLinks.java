package io.switchboard.gateway.approval;

import io.switchboard.runtime.security.Secret;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring tokens that let one staff member decide one paused run at one human-input node
 * without an admin login: {@code base64url(claim).base64url(HMAC-SHA256(claim))}, the key derived from
 * the cluster's session secret (every member verifies what any member signed). A token says who holds it
 * ({@code by}); it is as good as a password until it expires, so it travels only to that person.
 */
final class ApprovalLinks {
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final String INVALID = "this approval link is not valid";

    /**
     * What a token grants.
     *
     * @param by who decides, as the run records it (e.g. {@code telegram:<bindingId>:<chat id>})
     * @param expiresAt the end of the link's validity
     */
    record Claim(String workflowId, String runId, String nodeId, String by, Instant expiresAt) {
        Claim {
            for (String part : new String[] {workflowId, runId, nodeId, by}) {
                if (part == null || part.isEmpty() || part.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("claim parts must be non-empty single lines");
                }
            }
        }
    }

    private final byte[] key;
    private final Clock clock;

    private ApprovalLinks(byte[] key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** Links keyed by {@code secret} (the session-token secret every member shares). */
    static ApprovalLinks create(Secret secret, Clock clock) {
        // A key of its own: a token of one kind can never pass for the other.
        byte[] derived = hmac(secret.reveal().getBytes(StandardCharsets.UTF_8), "switchboard approval links v1");
        return new ApprovalLinks(derived, clock);
    }

    String token(Claim claim) {
        String body = String.join(
                "\n",
                claim.workflowId(),
                claim.runId(),
                claim.nodeId(),
                claim.by(),
                Long.toString(claim.expiresAt().getEpochSecond()));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ENCODE.encodeToString(bytes) + "." + ENCODE.encodeToString(hmac(key, bytes));
    }

    /**
     * The claim of a token this cluster signed.
     *
     * @throws HttpException 404 when it was not signed here (or was altered), 410 when it expired
     */
    Claim verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0 || token.length() > 4096) {
            throw new HttpException(404, INVALID);
        }
        byte[] body;
        byte[] mac;
        try {
            body = DECODE.decode(token.substring(0, dot));
            mac = DECODE.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new HttpException(404, INVALID);
        }
        if (!MessageDigest.isEqual(mac, hmac(key, body))) {
            throw new HttpException(404, INVALID);
        }
        String[] parts = new String(body, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 5) {
            throw new HttpException(404, INVALID);
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[4]));
        if (!clock.instant().isBefore(expires)) {
            throw new HttpException(410, "this approval link expired at " + expires);
        }
        return new Claim(parts[0], parts[1], parts[2], parts[3], expires);
    }

    private static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
