package io.switchboard.runtime.access;

import java.time.Instant;

/**
 * A short-lived secret of a login in progress, seen by every member: an SMS code sent to a phone, the
 * state of an OAuth redirect. {@code payload} is sealed at rest; {@code version} changes with every
 * {@link LoginChallengeStore#put}, so a consumer takes exactly the challenge it checked.
 */
public record LoginChallenge(String id, String kind, String version, String payload, int attempts, Instant expiresAt) {
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
