package io.switchboard.runtime.store;

import static io.switchboard.runtime.store.StoreFixtures.T0;
import static io.switchboard.runtime.store.StoreFixtures.offlineConfig;
import static io.switchboard.runtime.store.StoreFixtures.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.ApiKey;
import io.switchboard.runtime.access.ApiKeys;
import io.switchboard.runtime.access.NewApiKey;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.runtime.turn.Feedback;
import io.switchboard.runtime.turn.TurnLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The half of the store contract about API keys, administrators and turn logs. */
abstract class AccessAndLogContract {
    protected abstract Database database();

    @Test
    void should_find_an_api_key_by_the_hash_of_what_the_caller_presents() {
        database().apps().create("keyed", offlineConfig("Keyed"));
        NewApiKey generated = ApiKeys.generate("keyed", "backend");

        ApiKey created = database().apiKeys().create(generated.stored());

        assertThat(database().apiKeys().findByHash(ApiKeys.hash(generated.clearKey())))
                .contains(created);
        assertThat(database().apiKeys().findByHash(ApiKeys.hash(generated.clearKey() + "x")))
                .isEmpty();
        assertThat(created.revoked()).isFalse();
    }

    @Test
    void should_keep_allowed_origins_per_key_and_offer_only_those_of_valid_keys_to_a_preflight() {
        database().apps().create("cors-one", offlineConfig("One"));
        database().apps().create("cors-two", offlineConfig("Two"));
        ApiKey first = database()
                .apiKeys()
                .create(ApiKeys.generate("cors-one", "first").stored());
        ApiKey second = database()
                .apiKeys()
                .create(ApiKeys.generate("cors-one", "second").stored());
        ApiKey other = database()
                .apiKeys()
                .create(ApiKeys.generate("cors-two", "other").stored());

        assertThat(database().apiKeys().setAllowedOrigins("cors-two", first.id(), List.of("https://a.example")))
                .as("key of another app")
                .isFalse();
        assertThat(database()
                        .apiKeys()
                        .setAllowedOrigins("cors-one", first.id(), List.of("https://b.example", "https://a.example")))
                .isTrue();
        assertThat(database().apiKeys().setAllowedOrigins("cors-one", second.id(), List.of("http://localhost:5173")))
                .isTrue();
        assertThat(database().apiKeys().setAllowedOrigins("cors-two", other.id(), List.of("https://c.example")))
                .isTrue();
        assertThat(database().apiKeys().setAllowedOrigins("cors-one", second.id(), List.of("https://d.example")))
                .as("replaces")
                .isTrue();
        database().apiKeys().revoke("cors-two", other.id());

        assertThat(database().apiKeys().allowedOrigins(first.id()))
                .containsExactly("https://a.example", "https://b.example");
        assertThat(database().apiKeys().allowedOriginsByApp("cors-one"))
                .containsOnlyKeys(first.id(), second.id())
                .containsEntry(second.id(), List.of("https://d.example"));
        assertThat(database().apiKeys().allowedOriginsOfValidKeys())
                .contains("https://a.example", "https://b.example", "https://d.example")
                .doesNotContain("https://c.example", "http://localhost:5173");
    }

    @Test
    void should_list_and_revoke_only_the_keys_of_the_named_app() {
        database().apps().create("one", offlineConfig("One"));
        database().apps().create("two", offlineConfig("Two"));
        ApiKey first =
                database().apiKeys().create(ApiKeys.generate("one", "first").stored());
        ApiKey second =
                database().apiKeys().create(ApiKeys.generate("one", "second").stored());
        ApiKey other =
                database().apiKeys().create(ApiKeys.generate("two", "other").stored());

        assertThat(database().apiKeys().revoke("two", first.id()))
                .as("key of another app")
                .isFalse();
        assertThat(database().apiKeys().revoke("one", "key_missing")).isFalse();
        assertThat(database().apiKeys().revoke("one", first.id())).isTrue();

        List<ApiKey> keys = database().apiKeys().listByApp("one");
        assertThat(keys).extracting(ApiKey::id).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(keys).filteredOn(ApiKey::revoked).extracting(ApiKey::id).containsExactly(first.id());
        assertThat(database().apiKeys().findByHash(first.hash()).orElseThrow().revokedAt())
                .isNotNull();
        assertThat(database().apiKeys().findByHash(other.hash()).orElseThrow().revoked())
                .isFalse();
    }

    @Test
    void should_refuse_a_key_for_an_unknown_app_or_with_a_taken_id() {
        database().apps().create("real", offlineConfig("Real"));
        ApiKey key = database().apiKeys().create(ApiKeys.generate("real", "k").stored());

        assertThatThrownBy(() -> database()
                        .apiKeys()
                        .create(ApiKeys.generate("imaginary", "k").stored()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("app 'imaginary' not found");
        assertThatThrownBy(() -> database().apiKeys().create(key)).isInstanceOf(ConflictException.class);
    }

    @Test
    void should_insert_then_replace_an_admin_password_keeping_its_creation_time() {
        String firstHash = PasswordHasher.hash("first password".toCharArray(), 1000);
        String secondHash = PasswordHasher.hash("second password".toCharArray(), 1000);
        assertThat(database().adminUsers().count()).isZero();

        database().adminUsers().upsert(new AdminUser("admin", firstHash, T0));
        database().adminUsers().upsert(new AdminUser("admin", secondHash, T0.plusSeconds(60)));
        database().adminUsers().upsert(new AdminUser("auditor", firstHash, null));

        AdminUser admin = database().adminUsers().find("admin").orElseThrow();
        assertThat(admin).isEqualTo(new AdminUser("admin", secondHash, T0));
        assertThat(PasswordHasher.verify("second password", admin.passwordHash()))
                .isTrue();
        assertThat(database().adminUsers().find("auditor").orElseThrow().createdAt())
                .isNotNull();
        assertThat(database().adminUsers().find("nobody")).isEmpty();
        assertThat(database().adminUsers().count()).isEqualTo(2);
    }

    @Test
    void should_page_turn_logs_newest_first_and_filter_by_conversation_and_channel() {
        List<TurnLog> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(turn("turn-" + i, "chatty", i % 2 == 0 ? "even" : "odd", T0.plusSeconds(i)));
        }
        batch.add(turn("elsewhere", "quiet", "even", T0));

        database().turnLogs().append(batch);

        assertThat(database().turnLogs().count("chatty", null)).isEqualTo(7);
        assertThat(database().turnLogs().count("chatty", "even")).isEqualTo(4);
        assertThat(database().turnLogs().count("chatty", "missing")).isZero();
        assertThat(database().turnLogs().list("chatty", null, 0, 3))
                .extracting(TurnLog::id)
                .containsExactly("turn-6", "turn-5", "turn-4");
        assertThat(database().turnLogs().list("chatty", null, 6, 3))
                .extracting(TurnLog::id)
                .containsExactly("turn-0");
        assertThat(database().turnLogs().list("chatty", "odd", 1, 10))
                .extracting(TurnLog::id)
                .containsExactly("turn-3", "turn-1");
        assertThat(database().turnLogs().list("chatty", "even", 0, 1)).containsExactly(batch.get(6));
        assertThat(database().turnLogs().count("chatty", null, "web", Feedback.Filter.ALL))
                .isEqualTo(7);
        assertThat(database().turnLogs().count("chatty", "even", "web", Feedback.Filter.ALL))
                .isEqualTo(4);
        assertThat(database().turnLogs().count("chatty", "even", "api", Feedback.Filter.ALL))
                .isZero();
        assertThat(database().turnLogs().list("chatty", "odd", "web", Feedback.Filter.ALL, 0, 10))
                .extracting(TurnLog::id)
                .containsExactly("turn-5", "turn-3", "turn-1");
        assertThat(database().turnLogs().list("chatty", null, "api", Feedback.Filter.ALL, 0, 10))
                .isEmpty();
    }

    @Test
    void should_keep_the_model_that_answered_a_turn() {
        TurnLog plain = turn("answered-by", "fallbacks", "c1", T0);
        TurnLog answered = new TurnLog(
                plain.id(),
                plain.appId(),
                plain.appVersion(),
                plain.channel(),
                plain.conversationId(),
                plain.userId(),
                plain.query(),
                plain.answer(),
                plain.status(),
                plain.error(),
                plain.latencyMs(),
                plain.firstTokenMs(),
                plain.inputTokens(),
                plain.outputTokens(),
                plain.createdAt(),
                plain.toolCalls(),
                plain.followUps(),
                "backup/model-b");

        database().turnLogs().append(List.of(answered));

        assertThat(database().turnLogs().list("fallbacks", null, 0, 10))
                .singleElement()
                .extracting(TurnLog::model)
                .isEqualTo("backup/model-b");
    }

    @Test
    void should_store_no_turn_of_a_batch_when_one_of_them_fails() {
        TurnLog good = turn("fine", "atomic", "c", T0);
        TurnLog second = turn("also-fine", "atomic", "c", T0.plusSeconds(1));
        // status is NOT NULL: the database refuses this row, after the first one was inserted.
        TurnLog broken = new TurnLog(
                second.id(),
                second.appId(),
                second.appVersion(),
                second.channel(),
                second.conversationId(),
                second.userId(),
                second.query(),
                second.answer(),
                null,
                null,
                second.latencyMs(),
                second.firstTokenMs(),
                second.inputTokens(),
                second.outputTokens(),
                second.createdAt(),
                List.of(),
                null,
                null);

        assertThatThrownBy(() -> database().turnLogs().append(List.of(good, broken)))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("append turn logs failed")
                .hasMessageNotContaining("question fine");
        assertThat(database().turnLogs().count("atomic", null)).isZero();
    }
}
