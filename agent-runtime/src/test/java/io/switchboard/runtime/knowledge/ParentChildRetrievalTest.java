package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parent–child retrieval end to end (real chunker, in-process embedder, Lucene, H2): small chunks are
 * matched, their section is what a link returns, once however many of its chunks matched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParentChildRetrievalTest {
    private static final String MANUAL = """
            # Kettle guide

            ## Descaling

            Limescale builds up in hard water areas and makes the kettle slower and louder.

            Fill the kettle with water and two tablespoons of white vinegar, boil it and leave it for an hour.

            Rinse three times with clean water before you make tea again.

            ## Keep warm

            The kettle keeps water at the chosen temperature for up to two hours, then switches off.
            """;

    private Database database;
    private LuceneKnowledgeStore store;
    private KnowledgeService knowledge;
    private String parentChild;
    private String flat;

    @BeforeAll
    void start(@TempDir Path dir) {
        database = Database.open(
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null, 4),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        store = LuceneKnowledgeStore.open(dir.resolve("index"));
        knowledge =
                KnowledgeService.create(database.knowledge(), store, id -> Optional.empty(), KnowledgeLimits.DEFAULT);
        // Chunks of about one paragraph (size 120), the whole section returned.
        parentChild = base("parent-child", true);
        flat = base("flat", false);
    }

    private String base(String name, boolean parents) {
        KnowledgeBaseSettings settings = new KnowledgeBaseSettings(
                new ChunkingSettings(120, 0, null, ChunkStructure.MARKDOWN, parents, 2000), null, null);
        String id = knowledge.createBase(name, null, settings).id();
        String document = knowledge
                .upload(id, "kettle.md", MANUAL.getBytes(StandardCharsets.UTF_8))
                .id();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> knowledge.document(document).status() == DocumentStatus.READY);
        return id;
    }

    @AfterAll
    void stop() {
        knowledge.close();
        store.close();
        database.close();
    }

    private List<Passage> retrieve(String base, String query) {
        return knowledge.retrieve(
                new KnowledgeLink(List.of(base), 3, 0.0, RetrievalMode.HYBRID, 0.0, null, null), query);
    }

    @Test
    void should_return_the_matched_chunks_section_once() {
        List<Passage> chunks = retrieve(flat, "how do I descale the kettle with vinegar and rinse it");
        List<Passage> sections = retrieve(parentChild, "how do I descale the kettle with vinegar and rinse it");

        // Without parents the descaling section comes back in pieces; with them, whole and once.
        assertThat(chunks.stream().filter(p -> p.text().contains("Descaling")).count())
                .isGreaterThan(1);
        List<Passage> descaling =
                sections.stream().filter(p -> p.text().contains("Descaling")).toList();
        assertThat(descaling).hasSize(1);
        assertThat(descaling.get(0).text())
                .contains("Limescale builds up", "two tablespoons of white vinegar", "Rinse three times")
                .doesNotContain("up to two hours");
        assertThat(sections.get(0)).isEqualTo(descaling.get(0));
    }
}
