package io.switchboard.runtime.access;

import io.switchboard.runtime.security.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** TOTP secrets (sealed at rest) and recovery codes (as hashes) of admins. Blocking: call from a virtual thread. */
public interface SecondFactorStore {
    Optional<TotpEnrolment> totp(String username);

    /** Stores a new pending secret (not yet enabled), replacing a pending or enabled one and its recovery codes. */
    void begin(String username, Secret secret, Instant now);

    /**
     * Enables the pending secret, records {@code step} as used and replaces the recovery codes.
     *
     * @return false when there is no pending secret
     */
    boolean enable(String username, long step, List<String> recoveryCodeHashes);

    /** Records {@code step} as used if it is later than the last one; false when it was used (a replay). */
    boolean useStep(String username, long step);

    /** Removes the secret and the recovery codes; false when there was none. */
    boolean remove(String username);

    void replaceRecoveryCodes(String username, List<String> codeHashes);

    /** Marks an unused recovery code used; false when unknown or used already. */
    boolean useRecoveryCode(String username, String codeHash, Instant now);

    int unusedRecoveryCodes(String username);
}
