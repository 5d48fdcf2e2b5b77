package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.access.IdentityLink;
import io.switchboard.runtime.access.IdentityLinkStore;
import io.switchboard.runtime.access.LoginChallenge;
import io.switchboard.runtime.access.LoginChallengeStore;
import io.switchboard.runtime.access.SecondFactorStore;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** TOTP, recovery codes, linked identities and login challenges (V75): written once, run on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WaysInContract {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    protected Database database;
    private SecondFactorStore factors;
    private IdentityLinkStore identities;
    private LoginChallengeStore challenges;

    protected abstract DatabaseConfig config();

    private DatabaseConfig config;

    @BeforeAll
    void open() {
        config = config();
        database = Database.open(config, SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        factors = database.secondFactors();
        identities = database.identityLinks();
        challenges = database.loginChallenges();
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private Connection raw() throws java.sql.SQLException {
        String password = config.password() == null ? null : config.password().reveal();
        return java.sql.DriverManager.getConnection(Database.jdbcUrl(config.jdbcUrl()), config.username(), password);
    }

    private static String user() {
        return "u-" + UUID.randomUUID();
    }

    @Test
    void should_keep_a_pending_secret_until_enabled_and_never_accept_a_step_twice() {
        String user = user();
        factors.begin(user, Secret.of("JBSWY3DPEHPK3PXP"), NOW);

        assertThat(factors.totp(user)).hasValueSatisfying(t -> {
            assertThat(t.enabled()).isFalse();
            assertThat(t.secret().reveal()).isEqualTo("JBSWY3DPEHPK3PXP");
        });
        assertThat(factors.enable(user, 100, List.of("h1", "h2"))).isTrue();
        assertThat(factors.enable(user, 101, List.of("h3"))).as("enabled once").isFalse();
        assertThat(factors.useStep(user, 100)).as("the confirming step is used").isFalse();
        assertThat(factors.useStep(user, 101)).isTrue();
        assertThat(factors.useStep(user, 101)).isFalse();
        assertThat(factors.unusedRecoveryCodes(user)).isEqualTo(2);
        assertThat(factors.useRecoveryCode(user, "h1", NOW)).isTrue();
        assertThat(factors.useRecoveryCode(user, "h1", NOW)).isFalse();
        assertThat(factors.useRecoveryCode(user, "nope", NOW)).isFalse();
        assertThat(factors.unusedRecoveryCodes(user)).isEqualTo(1);
        assertThat(factors.remove(user)).isTrue();
        assertThat(factors.totp(user)).isEmpty();
        assertThat(factors.unusedRecoveryCodes(user)).isZero();
    }

    @Test
    void should_seal_the_totp_secret_and_the_challenge_payload_at_rest() throws Exception {
        String user = user();
        factors.begin(user, Secret.of("JBSWY3DPEHPK3PXP"), NOW);
        challenges.put("sms:" + user, "sms", "123456", NOW.plusSeconds(300));

        try (Connection connection = raw();
                ResultSet totp = connection
                        .createStatement()
                        .executeQuery("select secret from admin_totp where username = '" + user + "'")) {
            totp.next();
            assertThat(totp.getString(1)).startsWith("v1:").doesNotContain("JBSWY3DPEHPK3PXP");
        }
        try (Connection connection = raw();
                ResultSet row = connection
                        .createStatement()
                        .executeQuery("select payload from login_challenges where id = 'sms:" + user + "'")) {
            row.next();
            assertThat(row.getString(1)).startsWith("v1:").doesNotContain("123456");
        }
    }

    @Test
    void should_link_an_identity_to_one_admin_only() {
        String alice = user();
        String bob = user();
        String phone = "+86138" + (System.nanoTime() % 100_000_000);
        identities.link(new IdentityLink("phone", phone, alice, null, NOW));

        assertThatThrownBy(() -> identities.link(new IdentityLink("phone", phone, bob, null, NOW)))
                .isInstanceOf(ConflictException.class);
        assertThat(identities.find("phone", phone))
                .hasValueSatisfying(l -> assertThat(l.username()).isEqualTo(alice));
        identities.link(new IdentityLink("wechat", "union-" + alice, alice, "Alice", NOW));
        assertThat(identities.ofUser(alice)).extracting(IdentityLink::provider).containsExactly("phone", "wechat");
        assertThat(identities.unlink("phone", phone, bob)).as("not bob's").isFalse();
        assertThat(identities.unlink("phone", phone, alice)).isTrue();
        assertThat(identities.unlinkAll(alice)).isEqualTo(1);
        assertThat(identities.ofUser(alice)).isEmpty();
    }

    @Test
    void should_forget_the_identities_and_second_factor_of_a_removed_admin() {
        String user = user();
        database.adminUsers().upsert(new io.switchboard.runtime.access.AdminUser(user, "pbkdf2-test-hash", NOW));
        identities.link(new IdentityLink("wecom", "wecom-" + user, user, null, NOW));
        factors.begin(user, Secret.of("JBSWY3DPEHPK3PXP"), NOW);
        factors.enable(user, 1, List.of("h"));

        assertThat(database.adminUsers().delete(user)).isTrue();

        assertThat(identities.ofUser(user)).isEmpty();
        assertThat(factors.totp(user)).isEmpty();
        assertThat(factors.unusedRecoveryCodes(user)).isZero();
    }

    @Test
    void should_consume_a_challenge_once_and_count_wrong_answers() {
        String id = "sms:" + user();
        LoginChallenge first = challenges.put(id, "sms", "111111", NOW.plusSeconds(300));
        LoginChallenge second = challenges.put(id, "sms", "222222", NOW.plusSeconds(300));

        assertThat(challenges.find(id)).hasValueSatisfying(c -> {
            assertThat(c.payload()).isEqualTo("222222");
            assertThat(c.version()).isEqualTo(second.version());
        });
        assertThat(challenges.fail(id, first.version()))
                .as("a replaced challenge")
                .isZero();
        assertThat(challenges.fail(id, second.version())).isEqualTo(1);
        assertThat(challenges.fail(id, second.version())).isEqualTo(2);
        assertThat(challenges.consume(id, first.version())).isFalse();
        assertThat(challenges.consume(id, second.version())).isTrue();
        assertThat(challenges.consume(id, second.version())).isFalse();
        assertThat(challenges.find(id)).isEmpty();
    }

    @Test
    void should_purge_expired_challenges() {
        String old = "state:" + user();
        String fresh = "state:" + user();
        challenges.put(old, "oidc", "{}", NOW.minus(Duration.ofHours(2)));
        challenges.put(fresh, "oidc", "{}", NOW.plus(Duration.ofHours(2)));

        assertThat(challenges.deleteExpired(NOW)).isGreaterThanOrEqualTo(1);
        assertThat(challenges.find(old)).isEmpty();
        assertThat(challenges.find(fresh)).isPresent();
    }

    @Test
    void should_store_oidc_providers_with_the_client_secret_sealed_and_bump_the_version() throws Exception {
        var store = database.oidcProviders();
        String id = "kc-" + (System.nanoTime() % 1_000_000);
        var created = store.create(new io.switchboard.runtime.access.OidcProvider(
                id,
                "Keycloak",
                "https://sso.example.com/realms/main",
                "switchboard",
                Secret.of("s3cr3t-client-value"),
                List.of("openid", "email"),
                true,
                0,
                null,
                null));

        assertThat(created.version()).isEqualTo(1);
        assertThat(store.find(id)).hasValueSatisfying(p -> {
            assertThat(p.clientSecret().reveal()).isEqualTo("s3cr3t-client-value");
            assertThat(p.scopes()).containsExactly("openid", "email");
            assertThat(p.enabled()).isTrue();
        });
        assertThatThrownBy(() -> store.create(created)).isInstanceOf(ConflictException.class);
        try (Connection connection = raw();
                ResultSet row = connection
                        .createStatement()
                        .executeQuery("select client_secret from oidc_providers where id = '" + id + "'")) {
            row.next();
            assertThat(row.getString(1)).startsWith("v1:").doesNotContain("s3cr3t-client-value");
        }

        var updated = store.update(new io.switchboard.runtime.access.OidcProvider(
                id, "SSO", created.issuer(), "other", Secret.of("new"), List.of(), false, 0, null, null));
        assertThat(updated).hasValueSatisfying(p -> {
            assertThat(p.version()).isEqualTo(2);
            assertThat(p.createdAt()).isEqualTo(created.createdAt());
        });
        assertThat(store.find(id)).hasValueSatisfying(p -> {
            assertThat(p.displayName()).isEqualTo("SSO");
            assertThat(p.clientSecret().reveal()).isEqualTo("new");
            assertThat(p.scopes()).isEmpty();
            assertThat(p.enabled()).isFalse();
        });
        assertThat(store.list())
                .extracting(io.switchboard.runtime.access.OidcProvider::id)
                .contains(id);
        assertThat(store.update(new io.switchboard.runtime.access.OidcProvider(
                        "missing-" + id, "x", "https://x", "c", Secret.of("s"), List.of(), true, 0, null, null)))
                .isEmpty();
        assertThat(store.delete(id)).isTrue();
        assertThat(store.delete(id)).isFalse();
        assertThat(store.find(id)).isEmpty();
    }
}
