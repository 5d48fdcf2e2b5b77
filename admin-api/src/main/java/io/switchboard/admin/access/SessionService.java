package io.switchboard.admin.access;

import io.switchboard.runtime.access.AdminSession;
import io.switchboard.runtime.access.AdminSessionStore;
import io.switchboard.runtime.access.AdminUserStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * Admin sessions: a login opens a session (in the database, so every member sees it) and gets a short
 * access token (a JWT naming the session, {@code accessTtl}) and a refresh token (opaque, used once,
 * rotated on every refresh, valid for the session's lifetime {@code sessionTtl}). Every request checks
 * that its session is active and its user still exists, so logout, a password change and a user's removal
 * take effect at once on every member. Blocking: call from a virtual thread.
 *
 * <p>Later ways in (SMS code, WeChat, OIDC) open sessions through {@link #open(String)} as well.
 */
public final class SessionService {
    /** The JWT claim naming the session. */
    public static final String SESSION_CLAIM = "sid";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JWTAuth jwt;
    private final AdminSessionStore sessions;
    private final AdminUserStore users;
    private final Duration accessTtl;
    private final Duration sessionTtl;
    private final Clock clock;
    private final String issuer;
    private final String audience;

    /** A pair of tokens and when each stops working. */
    public record Tokens(
            String sessionId,
            String accessToken,
            Instant accessExpiresAt,
            String refreshToken,
            Instant refreshExpiresAt) {}

    public SessionService(
            JWTAuth jwt,
            AdminSessionStore sessions,
            AdminUserStore users,
            Duration accessTtl,
            Duration sessionTtl,
            Clock clock,
            String issuer,
            String audience) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.users = Objects.requireNonNull(users, "users");
        this.accessTtl = accessTtl;
        this.sessionTtl = sessionTtl;
        this.clock = clock;
        this.issuer = issuer;
        this.audience = audience;
    }

    /** Opens a session for a user whose credentials were checked. */
    public Tokens open(String username) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        String secret = randomSecret();
        Instant expiresAt = now.plus(sessionTtl);
        sessions.create(new AdminSession(id, username, hash(secret), now, expiresAt, null));
        return tokens(id, username, secret, now, expiresAt);
    }

    /**
     * Trades a refresh token for a new pair; the old refresh token stops working.
     *
     * @throws AccessDenied when the token is unknown, used already, or its session is over
     */
    public Tokens refresh(String refreshToken) {
        int dot = refreshToken == null ? -1 : refreshToken.indexOf('.');
        if (dot <= 0) {
            throw new AccessDenied("not a refresh token");
        }
        String id = refreshToken.substring(0, dot);
        String secret = refreshToken.substring(dot + 1);
        Instant now = clock.instant();
        AdminSession session = sessions.find(id)
                .filter(s -> s.activeAt(now))
                .orElseThrow(() -> new AccessDenied("the session has ended; log in again"));
        if (users.find(session.username()).isEmpty()) {
            throw new AccessDenied("the admin of this session no longer exists");
        }
        String next = randomSecret();
        if (!sessions.rotate(id, hash(secret), hash(next), now)) {
            // A refresh token used twice was copied: end the session for both holders.
            sessions.revoke(id, now);
            throw new AccessDenied("this refresh token was used already; the session has ended, log in again");
        }
        return tokens(id, session.username(), next, now, session.expiresAt());
    }

    /**
     * Checks the session an access token names.
     *
     * @throws AccessDenied when the session is revoked or over, or its user is gone
     */
    public void requireActive(String sessionId, String username) {
        if (sessionId == null || sessionId.isBlank()) {
            throw new AccessDenied("the bearer token names no session; log in again");
        }
        AdminSession session = sessions.find(sessionId)
                .filter(s -> s.activeAt(clock.instant()) && s.username().equals(username))
                .orElseThrow(() -> new AccessDenied("the session has ended; log in again"));
        if (users.find(session.username()).isEmpty()) {
            throw new AccessDenied("the admin of this session no longer exists");
        }
    }

    /** Ends one session (logout). */
    public void close(String sessionId) {
        sessions.revoke(sessionId, clock.instant());
    }

    /** Ends every session of a user (password change, removal); returns how many were active. */
    public int closeAll(String username) {
        return sessions.revokeAll(username, clock.instant());
    }

    /** Forgets sessions that ended more than a day ago. */
    public int purge() {
        return sessions.deleteExpired(clock.instant().minus(Duration.ofDays(1)));
    }

    private Tokens tokens(String id, String username, String secret, Instant now, Instant sessionEnd) {
        Instant accessEnd = now.plus(accessTtl).isAfter(sessionEnd) ? sessionEnd : now.plus(accessTtl);
        String access = jwt.generateToken(
                new JsonObject().put(SESSION_CLAIM, id),
                new JWTOptions()
                        .setAlgorithm("HS256")
                        .setSubject(username)
                        .setIssuer(issuer)
                        .addAudience(audience)
                        .setExpiresInSeconds((int)
                                Math.max(1, Duration.between(now, accessEnd).toSeconds())));
        return new Tokens(id, access, accessEnd, id + "." + secret, sessionEnd);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
