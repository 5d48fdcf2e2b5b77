package io.switchboard.admin;

import io.switchboard.runtime.access.IdentityLinkStore;
import io.switchboard.runtime.access.LoginChallengeStore;
import io.switchboard.runtime.access.SecondFactorStore;
import java.time.Clock;
import java.util.Objects;

/**
 * The ways into the admin API beside the password (issue 13): the stores of second factors, linked
 * identities and login challenges, and the configured outside providers.
 */
public record LoginMethods(
        SecondFactorStore factors, IdentityLinkStore identities, LoginChallengeStore challenges, Clock clock) {
    public LoginMethods(SecondFactorStore factors, IdentityLinkStore identities, LoginChallengeStore challenges) {
        this(factors, identities, challenges, Clock.systemUTC());
    }

    public LoginMethods {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(factors, "factors");
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(challenges, "challenges");
    }
}
