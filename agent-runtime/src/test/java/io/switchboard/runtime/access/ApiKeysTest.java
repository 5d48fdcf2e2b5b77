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
    void should_hash_the_same_from_many_threads_at_once() throws Exception {
        // One digest is looked up once and cloned per hash: concurrent hashes must not share its state.
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var hashes = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 2_000; i++) {
                String key = "sb-key-" + (i % 4);
                hashes.add(pool.submit(() -> ApiKeys.hash(key)));
            }
            for (int i = 0; i < hashes.size(); i++) {
                assertThat(hashes.get(i).get()).isEqualTo(ApiKeys.hash("sb-key-" + (i % 4)));
            }
        }
    }

    @Test
    void should_refuse_a_blank_name_or_an_invalid_app_id() {
        assertThatThrownBy(() -> ApiKeys.generate("shop-bot", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> ApiKeys.generate("Bad Id", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
