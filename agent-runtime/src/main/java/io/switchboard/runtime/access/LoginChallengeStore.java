package io.switchboard.runtime.access;

import java.time.Instant;
import java.util.Optional;

/** Login challenges by id. Blocking: call from a virtual thread. */
public interface LoginChallengeStore {
    /** Stores a challenge with a new version, replacing one of the same id. */
    LoginChallenge put(String id, String kind, String payload, Instant expiresAt);

    Optional<LoginChallenge> find(String id);

    /** Removes the challenge if it still has {@code version}: true for exactly one caller. */
    boolean consume(String id, String version);

    /** Counts a wrong answer to the challenge of {@code version}; returns the attempts so far (0: it is gone). */
    int fail(String id, String version);

    /** Forgets challenges that expired before {@code cutoff}. */
    int deleteExpired(Instant cutoff);
}
