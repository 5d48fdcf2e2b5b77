package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.moderation.KeywordList;
import io.switchboard.runtime.moderation.KeywordLists;
import io.switchboard.runtime.moderation.ModerationHit;
import io.switchboard.runtime.security.SecretBox;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Keyword lists and moderation hits (V50), written once, run on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeywordListContract {
    protected Database database;
    private KeywordLists lists;

    protected abstract DatabaseConfig config();

    @BeforeAll
    void open() {
        database = Database.open(config(), SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        lists = database.keywordLists();
        database.apps()
                .create(
                        "kw-app",
                        new AppConfig("Kw", null, null, null, null, null, null, null, null, 0, null, null, null, null));
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void should_keep_words_per_list_and_bump_the_revision_with_every_change() {
        lists.create("kw-shared", null, "Shared");
        lists.create("kw-own", "kw-app", "Own");
        lists.create("kw-other", null, "Not named");
        List<String> many = IntStream.range(0, 1200).mapToObj(i -> "w" + i).toList();

        assertThat(lists.addWords("kw-shared", many)).isEqualTo(1200);
        assertThat(lists.addWords("kw-shared", List.of("w1", "new"))).isEqualTo(1);
        assertThat(lists.addWords("kw-own", List.of("own"))).isEqualTo(1);
        assertThat(lists.removeWords("kw-shared", List.of("new", "absent"))).isEqualTo(1);

        KeywordList shared = lists.find("kw-shared").orElseThrow();
        assertThat(shared.words()).isEqualTo(1200);
        assertThat(shared.revision()).isEqualTo(4);
        assertThat(lists.applicable("kw-app", List.of("kw-shared", "kw-own-of-nobody")))
                .extracting(KeywordList::id)
                .containsExactly("kw-own", "kw-shared");
        assertThat(lists.wordsOf(List.of("kw-own", "kw-shared")).get("kw-shared"))
                .hasSize(1200);
        assertThat(lists.words("kw-shared", 0, 2)).containsExactly("w0", "w1");
        assertThat(lists.replaceWords("kw-shared", List.of("only"))).isEqualTo(1);
        assertThat(lists.find("kw-shared").orElseThrow().words()).isEqualTo(1);
        assertThat(lists.list(null))
                .extracting(KeywordList::id)
                .contains("kw-shared", "kw-other")
                .doesNotContain("kw-own");
    }

    @Test
    void should_refuse_a_taken_id_a_missing_app_and_a_missing_list() {
        lists.create("kw-taken", null, "Taken");

        assertThatThrownBy(() -> lists.create("kw-taken", null, "Again")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> lists.create("kw-orphan", "no-app", "Orphan")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> lists.addWords("kw-none", List.of("x"))).isInstanceOf(NotFoundException.class);
        assertThat(lists.delete("kw-taken")).isTrue();
        assertThat(lists.delete("kw-taken")).isFalse();
    }

    @Test
    void should_record_hits_and_list_them_newest_first() {
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        database.moderationHits()
                .record(List.of(
                        new ModerationHit(0, "kw-app", "web", ModerationHit.Direction.INPUT, "kw-own", "own", "t1", at),
                        new ModerationHit(
                                0,
                                "kw-app",
                                "api",
                                ModerationHit.Direction.OUTPUT,
                                "provider",
                                "violence",
                                null,
                                at.plusSeconds(1))));

        assertThat(database.moderationHits().list("kw-app", null, null, 10))
                .extracting(ModerationHit::word)
                .containsExactly("violence", "own");
        assertThat(database.moderationHits().list("kw-app", ModerationHit.Direction.INPUT, null, 10))
                .hasSize(1);
        assertThat(database.moderationHits().list("kw-app", null, at.plusMillis(500), 10))
                .extracting(ModerationHit::turnId)
                .containsExactly("t1");
    }
}
