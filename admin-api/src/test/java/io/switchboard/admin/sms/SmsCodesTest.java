package io.switchboard.admin.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.admin.access.InMemoryAttemptCounter;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Codes and their limits over the real challenge store (H2). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmsCodesTest {
    private final MutableClock clock = MutableClock.ofNow();
    private final List<String> sent = new ArrayList<>();
    private Database database;

    @BeforeAll
    void open() {
        database = Database.open(
                new DatabaseConfig(
                        "jdbc:h2:mem:sms_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                        "sa",
                        null,
                        2),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
    }

    @AfterAll
    void close() {
        database.close();
    }

    private SmsCodes codes(SmsCodes.Policy policy) {
        SmsSender recording = new SmsSender() {
            @Override
            public void send(String phone, String code, int ttlMinutes) {
                sent.add(code);
            }

            @Override
            public String name() {
                return "test";
            }
        };
        return new SmsCodes(recording, database.loginChallenges(), new InMemoryAttemptCounter(), policy, clock);
    }

    @Test
    void should_limit_codes_per_client_address_across_numbers() {
        SmsCodes codes = codes(new SmsCodes.Policy(Duration.ofMinutes(5), Duration.ofSeconds(60), 5, 3, 5));

        for (int i = 0; i < 3; i++) {
            codes.send(SmsCodes.Purpose.LOGIN, "+861390000000" + i, "203.0.113.7");
        }

        assertThatThrownBy(() -> codes.send(SmsCodes.Purpose.LOGIN, "+8613900000009", "203.0.113.7"))
                .isInstanceOf(SmsCodes.RateLimited.class)
                .hasMessageContaining("from this address")
                .satisfies(
                        e -> assertThat(((SmsCodes.RateLimited) e).retryAfter()).isPositive());
        codes.send(SmsCodes.Purpose.LOGIN, "+8613900000008", "203.0.113.8");
    }

    @Test
    void should_keep_login_and_link_codes_apart_and_replace_an_earlier_code() {
        SmsCodes codes = codes(new SmsCodes.Policy(Duration.ofMinutes(5), Duration.ZERO, 5, 100, 5));
        String phone = "+8613911112222";

        codes.send(SmsCodes.Purpose.LINK, phone, "198.51.100.1");
        String link = sent.get(sent.size() - 1);
        codes.send(SmsCodes.Purpose.LOGIN, phone, "198.51.100.1");
        String first = sent.get(sent.size() - 1);
        codes.send(SmsCodes.Purpose.LOGIN, phone, "198.51.100.1");
        String second = sent.get(sent.size() - 1);

        assertThat(codes.verify(SmsCodes.Purpose.LOGIN, phone, link))
                .as("a link code does not log in")
                .isEqualTo(link.equals(second));
        if (!first.equals(second)) {
            assertThat(codes.verify(SmsCodes.Purpose.LOGIN, phone, first))
                    .as("replaced")
                    .isFalse();
        }
        assertThat(codes.verify(SmsCodes.Purpose.LINK, phone, link)).isTrue();
    }
}
