package io.switchboard.admin;

import io.switchboard.admin.access.AttemptCounter;
import io.switchboard.admin.access.InMemoryAttemptCounter;
import io.switchboard.admin.external.IdentityProvider;
import io.switchboard.admin.external.ManagedOidcProviders;
import io.switchboard.admin.sms.LogOnlySmsSender;
import io.switchboard.admin.sms.SmsCodes;
import io.switchboard.admin.sms.SmsSender;
import io.switchboard.runtime.access.IdentityLinkStore;
import io.switchboard.runtime.access.LoginChallengeStore;
import io.switchboard.runtime.access.SecondFactorStore;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The ways into the admin API beside the password (issue 13): TOTP second factors, phone number + SMS
 * code, outside identity providers (OIDC, WeChat, WeCom), and the identities they link to admins. Build
 * with {@link #builder}.
 *
 * @param counters the send limits of SMS codes; share them across the cluster (Hazelcast) in a gateway
 * @param providers the providers of the configuration (fixed until a restart)
 * @param managedOidc the OIDC providers managed through the admin API; null: none, and no routes to manage them
 */
public record LoginMethods(
        SecondFactorStore factors,
        IdentityLinkStore identities,
        LoginChallengeStore challenges,
        Clock clock,
        SmsSender sms,
        SmsCodes.Policy smsPolicy,
        AttemptCounter counters,
        List<IdentityProvider> providers,
        ManagedOidcProviders managedOidc,
        URI publicUrl) {
    public LoginMethods {
        Objects.requireNonNull(factors, "factors");
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(challenges, "challenges");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sms, "sms");
        Objects.requireNonNull(smsPolicy, "smsPolicy");
        Objects.requireNonNull(counters, "counters");
        providers = List.copyOf(providers);
        Objects.requireNonNull(publicUrl, "publicUrl");
    }

    /** The stores every way in needs; the rest defaults to the system clock and the log-only SMS sender. */
    public static Builder builder(
            SecondFactorStore factors, IdentityLinkStore identities, LoginChallengeStore challenges) {
        return new Builder(factors, identities, challenges);
    }

    SmsCodes smsCodes() {
        return new SmsCodes(sms, challenges, counters, smsPolicy, clock);
    }

    public static final class Builder {
        private final SecondFactorStore factors;
        private final IdentityLinkStore identities;
        private final LoginChallengeStore challenges;
        private Clock clock = Clock.systemUTC();
        private SmsSender sms = new LogOnlySmsSender();
        private SmsCodes.Policy smsPolicy = SmsCodes.Policy.DEFAULT;
        private AttemptCounter counters;
        private List<IdentityProvider> providers = List.of();
        private ManagedOidcProviders managedOidc;
        private URI publicUrl = URI.create("http://localhost:8080");

        private Builder(SecondFactorStore factors, IdentityLinkStore identities, LoginChallengeStore challenges) {
            this.factors = factors;
            this.identities = identities;
            this.challenges = challenges;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder sms(SmsSender sender, SmsCodes.Policy policy) {
            this.sms = sender;
            this.smsPolicy = policy;
            return this;
        }

        /** Defaults to counters of this process only. */
        public Builder counters(AttemptCounter counters) {
            this.counters = counters;
            return this;
        }

        /** OIDC, WeChat and WeCom providers; none by default. */
        public Builder providers(List<IdentityProvider> providers) {
            this.providers = providers;
            return this;
        }

        /** OIDC providers an administrator manages at {@code /oidc-providers}; none by default. */
        public Builder managedOidc(ManagedOidcProviders managedOidc) {
            this.managedOidc = managedOidc;
            return this;
        }

        /** Where browsers reach the gateway: the providers' redirect URI and the console live under it. */
        public Builder publicUrl(URI publicUrl) {
            this.publicUrl = publicUrl;
            return this;
        }

        public LoginMethods build() {
            return new LoginMethods(
                    factors,
                    identities,
                    challenges,
                    clock,
                    sms,
                    smsPolicy,
                    counters == null ? new InMemoryAttemptCounter() : counters,
                    providers,
                    managedOidc,
                    publicUrl);
        }
    }
}
