package io.switchboard.admin.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private final PasswordPolicy policy = PasswordPolicy.standard();

    @Test
    void should_accept_a_mixed_password_and_a_long_passphrase() {
        assertThat(policy.refusal("p", "Tr0ub4dor&3xyz", "admin")).isEmpty();
        assertThat(policy.refusal("p", "a brand new long password", "admin")).isEmpty();
    }

    @Test
    void should_refuse_short_passwords_of_too_few_classes() {
        assertThat(policy.refusal("newPassword", "abcdefghijxy", "admin"))
                .hasValueSatisfying(
                        reason -> assertThat(reason).startsWith("newPassword").contains("three of"));
        assertThat(policy.refusal("p", "short1A!", "admin"))
                .hasValueSatisfying(r -> assertThat(r).contains("between 12"));
    }

    @Test
    void should_refuse_a_passphrase_of_one_class_and_one_of_few_characters() {
        assertThat(policy.refusal("p", "abcdefghijklmnopqrstuvwxyz", "admin"))
                .hasValueSatisfying(r -> assertThat(r).contains("two of"));
        assertThat(policy.refusal("p", "aB1aB1aB1aB1aB1", "admin"))
                .hasValueSatisfying(r -> assertThat(r).contains("different characters"));
    }

    @Test
    void should_refuse_common_passwords_also_with_digits_around_them() {
        assertThat(policy.refusal("p", "Password1234", "admin"))
                .hasValueSatisfying(r -> assertThat(r).contains("commonly used"));
        assertThat(policy.refusal("p", "2026!!Administrator", "someone"))
                .hasValueSatisfying(r -> assertThat(r).contains("commonly used"));
        assertThat(policy.refusal("p", "Qwertyuiop123", "someone")).isPresent();
    }

    @Test
    void should_refuse_a_password_containing_the_username() {
        assertThat(policy.refusal("p", "Xx-Alice-2026-yY", "alice"))
                .hasValueSatisfying(r -> assertThat(r).contains("username"));
    }
}
