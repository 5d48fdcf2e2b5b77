package io.switchboard.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    @Test
    void should_verify_the_right_password_only() {
        String stored = PasswordHasher.hash("correct horse battery staple");

        assertThat(stored).matches("pbkdf2-sha256\\$120000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
        assertThat(PasswordHasher.verify("correct horse battery staple", stored))
                .isTrue();
        assertThat(PasswordHasher.verify("correct horse battery stapler", stored))
                .isFalse();
        assertThat(PasswordHasher.verify("", stored)).isFalse();
    }

    @Test
    void should_salt_each_hash_and_read_the_iteration_count_from_the_stored_value() {
        String first = PasswordHasher.hash("same".toCharArray(), 1000);
        String second = PasswordHasher.hash("same".toCharArray(), 1000);

        assertThat(first).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(second);
        assertThat(PasswordHasher.verify("same", first)).isTrue();
        assertThat(PasswordHasher.verify("same", second)).isTrue();
    }

    @Test
    void should_reject_malformed_stored_values_and_empty_passwords() {
        assertThat(PasswordHasher.verify("x", "plain")).isFalse();
        assertThat(PasswordHasher.verify("x", "pbkdf2-sha256$abc$AAAA$AAAA")).isFalse();
        assertThat(PasswordHasher.verify("x", "pbkdf2-sha256$0$AAAA$AAAA")).isFalse();
        assertThat(PasswordHasher.verify("x", null)).isFalse();
        assertThatThrownBy(() -> PasswordHasher.hash("")).isInstanceOf(IllegalArgumentException.class);
    }
}
