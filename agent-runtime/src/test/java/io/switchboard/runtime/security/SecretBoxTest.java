package io.switchboard.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final String key = SecretBox.generateKeyBase64();
    private final SecretBox box = SecretBox.fromBase64(key);

    @Test
    void should_open_what_it_sealed_and_seal_the_same_value_differently_each_time() {
        String first = box.seal("sk-secret-ключ-密钥");
        String second = box.seal("sk-secret-ключ-密钥");

        assertThat(first).startsWith("v1:").doesNotContain("sk-secret").isNotEqualTo(second);
        assertThat(box.open(first)).isEqualTo("sk-secret-ключ-密钥");
        assertThat(box.open(second)).isEqualTo("sk-secret-ключ-密钥");
        assertThat(Base64.getDecoder().decode(first.substring(3)))
                .as("12-byte IV + ciphertext + 16-byte tag")
                .hasSize(12 + "sk-secret-ключ-密钥".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16);
    }

    @Test
    void should_detect_a_tampered_value() {
        byte[] raw = Base64.getDecoder().decode(box.seal("sk-original").substring(3));
        raw[raw.length / 2] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> box.open(tampered))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("master key does not match")
                .hasMessageNotContaining("sk-original");
    }

    @Test
    void should_refuse_to_open_with_another_key_without_showing_the_value() {
        String sealed = box.seal("sk-original");
        SecretBox other = SecretBox.fromBase64(SecretBox.generateKeyBase64());

        assertThatThrownBy(() -> other.open(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("master key does not match")
                .hasMessageNotContaining("sk-original");
    }

    @Test
    void should_refuse_keys_that_are_not_32_bytes_and_values_not_in_its_format() {
        assertThatThrownBy(() -> SecretBox.create(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> box.open("plain text")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open("v1:AAAA")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_not_print_its_key() {
        assertThat(box.toString()).doesNotContain(key).contains("***");
    }
}
