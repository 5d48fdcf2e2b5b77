package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.admin.access.HazelcastAttemptCounter;
import io.switchboard.admin.access.LoginPolicy;
import io.switchboard.admin.access.LoginThrottle;
import io.switchboard.runtime.audit.AuditEntry;
import io.switchboard.runtime.audit.AuditQuery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, Found 3: failed logins back off and lock, per account and per address, across the cluster, audited. */
class LoginThrottleTest {

    @Test
    void should_lock_an_account_after_repeated_failures_and_audit_it(@TempDir Path dir) {
        try (AdminApiServer server = AdminApiServer.start(dir)) {
            for (int i = 0; i < LoginPolicy.DEFAULT.accountFreeFailures(); i++) {
                assertThat(login(server, "admin", "wrong password " + i).status())
                        .isEqualTo(401);
            }
            Reply sixth = login(server, "admin", "wrong again");
            Reply correct = login(server, "admin", AdminApiServer.PASSWORD);

            assertThat(sixth.status())
                    .as("the failure that earns the lock is still a 401")
                    .isEqualTo(401);
            assertThat(correct.status())
                    .as("even the right password waits out the lock")
                    .isEqualTo(429);
            assertThat(correct.json().at("/error/code").asText()).isEqualTo("too_many_attempts");
            assertThat(server.lastHeaders().firstValue("Retry-After")).isPresent();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<AuditEntry> entries = server.database
                        .audit()
                        .query(new AuditQuery(null, "admin", null, null, null, null, null, 0, 100));
                assertThat(entries)
                        .extracting(AuditEntry::action)
                        .contains("login.failed", "login.lockout", "login.locked");
                assertThat(entries).allMatch(e -> e.address().equals("127.0.0.1"));
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> login(server, "admin", AdminApiServer.PASSWORD).status() == 200);
        }
    }

    @Test
    void should_lock_an_address_that_tries_many_accounts(@TempDir Path dir) {
        try (AdminApiServer server = AdminApiServer.start(dir)) {
            for (int i = 0; i < LoginPolicy.DEFAULT.addressFreeFailures(); i++) {
                assertThat(login(server, "user" + i, "guess").status()).isEqualTo(401);
            }
            login(server, "one-more", "guess");

            assertThat(login(server, "admin", AdminApiServer.PASSWORD).status()).isEqualTo(429);
        }
    }

    @Test
    void should_share_locks_between_cluster_members() {
        String cluster = "throttle-" + UUID.randomUUID();
        HazelcastInstance first = Hazelcast.newHazelcastInstance(config(cluster));
        HazelcastInstance second = Hazelcast.newHazelcastInstance(config(cluster));
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> first.getCluster().getMembers().size() == 2);
            AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
            Clock clock = new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            };
            LoginThrottle onFirst = new LoginThrottle(new HazelcastAttemptCounter(first), LoginPolicy.DEFAULT, clock);
            LoginThrottle onSecond = new LoginThrottle(new HazelcastAttemptCounter(second), LoginPolicy.DEFAULT, clock);

            for (int i = 0; i < 3; i++) {
                onFirst.failed("admin", "10.0.0.1");
            }
            for (int i = 0; i < 3; i++) {
                onSecond.failed("admin", "10.0.0.2");
            }

            assertThat(onSecond.lockedFor("admin", "10.0.0.3")).hasValue(Duration.ofSeconds(1));
            assertThat(onFirst.lockedFor("admin", "10.0.0.3")).hasValue(Duration.ofSeconds(1));
            onFirst.failed("admin", "10.0.0.1");
            assertThat(onSecond.lockedFor("admin", "10.0.0.3"))
                    .as("the lock doubles")
                    .hasValue(Duration.ofSeconds(2));
            now.set(now.get().plusSeconds(3));
            assertThat(onSecond.lockedFor("admin", "10.0.0.3")).isEmpty();
            onSecond.succeeded("admin");
            assertThat(onFirst.lockedFor("admin", "10.0.0.1")).isEmpty();
        } finally {
            second.shutdown();
            first.shutdown();
        }
    }

    private static Config config(String cluster) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        var join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        config.getNetworkConfig().setPort(5950).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        return config;
    }

    private static Reply login(AdminApiServer server, String username, String password) {
        return server.send(
                "POST", "/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
    }
}
