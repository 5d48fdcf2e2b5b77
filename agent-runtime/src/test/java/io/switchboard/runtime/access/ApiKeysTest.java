package io.switchboard.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeysTest {
    @Test
    void should_generate_a_key_whose_stored_form_holds_only_its_hash_and_prefix() {
        NewApiKey generated = ApiKeys.generate("shop-bot", "backend");
        ApiKey stored = generated.stored();

        assertThat(generated.clearKey()).matches("sb-[0-9A-Za-z]{40}");
        assertThat(stored.id()).matches("key_[0-9A-Za-z]{12}");
        assertThat(stored.prefix()).isEqualTo(generated.clearKey().substring(0, 10));
        assertThat(stored.hash()).matches("[0-9a-f]{64}").isEqualTo(ApiKeys.hash(generated.clearKey()));
        assertThat(stored.appId()).isEqualTo("shop-bot");
        assertThat(stored.revoked()).isFalse();
        assertThat(generated.toString()).doesNotContain(generated.clearKey());
    }

    @Test
    void should_generate_different_keys_each_time() {
        assertThat(ApiKeys.generate("a", "x").clearKey())
                .isNotEqualTo(ApiKeys.generate("a", "x").clearKey());
    }

    @Test
    void should_hash_with_sha256_in_hex() {
        assertThat(ApiKeys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void should_refuse_a_blank_name_or_an_invalid_app_id() {
        assertThatThrownBy(() -> ApiKeys.generate("shop-bot", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> ApiKeys.generate("Bad Id", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
