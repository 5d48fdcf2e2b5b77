package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.knowledge.ChunkingSettings;
import io.switchboard.runtime.knowledge.DocumentStatus;
import io.switchboard.runtime.knowledge.EmbeddingSettings;
import io.switchboard.runtime.knowledge.KnowledgeBase;
import io.switchboard.runtime.knowledge.KnowledgeBaseSettings;
import io.switchboard.runtime.knowledge.KnowledgeCatalog;
import io.switchboard.runtime.knowledge.KnowledgeChunk;
import io.switchboard.runtime.knowledge.KnowledgeDocument;
import io.switchboard.runtime.security.SecretBox;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The knowledge tables (V5) through {@link KnowledgeCatalog}: written once, run on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KnowledgeCatalogContract {
    protected Database database;
    private KnowledgeCatalog catalog;

    protected abstract DatabaseConfig config();

    @BeforeAll
    void open() {
        database = Database.open(config(), SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        catalog = database.knowledge();
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private static KnowledgeChunk chunk(KnowledgeDocument document, int position, String text) {
        return new KnowledgeChunk(
                document.id() + "-" + position,
                document.id(),
                document.knowledgeBaseId(),
                position,
                text,
                new float[] {0.6f, -0.8f, position},
                true,
                position == 0 ? "parent section" : null);
    }

    @Test
    void should_keep_bases_with_their_settings() {
        KnowledgeBaseSettings settings = new KnowledgeBaseSettings(
                new ChunkingSettings(300, 30, List.of("\n", "。"), null, null, null),
                new EmbeddingSettings("all-minilm-l6-v2", null, null),
                null);

        KnowledgeBase created = catalog.createBase("客服知识库", "FAQ", settings);
        KnowledgeBase renamed = catalog.updateBase(created.id(), "Support", null, KnowledgeBaseSettings.DEFAULT);

        assertThat(catalog.findBase(created.id())).contains(renamed);
        assertThat(renamed.settings().embedding().model()).isEqualTo("bge-small-zh-v15");
        assertThat(catalog.listBases()).extracting(KnowledgeBase::id).contains(created.id());
        assertThatThrownBy(() -> catalog.updateBase("kb_missing", "x", null, null))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void should_keep_a_name_of_200_characters_outside_the_bmp() {
        // 200 characters of CJK Extension B: 400 UTF-16 units, which H2 counts (V14 widened the column)
        String name = new String(Character.toChars(0x20000)).repeat(200);

        KnowledgeBase created = catalog.createBase(name, null, null);

        assertThat(catalog.findBase(created.id()).orElseThrow().name()).isEqualTo(name);
    }

    @Test
    void should_keep_companion_vectors_until_the_chunk_is_edited() {
        KnowledgeBase base = catalog.createBase("companion", null, null);
        KnowledgeDocument document = catalog.createDocument(base.id(), "c.txt", "upload", null, null, 10);
        catalog.replaceChunks(document.id(), List.of(chunk(document, 0, "one"), chunk(document, 1, "two")));
        String first = document.id() + "-0";
        String second = document.id() + "-1";

        catalog.putCompanionVectors(java.util.Map.of(first, new float[] {0.6f, 0.8f}, second, new float[] {1, 0}));
        catalog.putCompanionVectors(java.util.Map.of("ch_gone", new float[] {1, 0}));
        catalog.updateChunk(second, "TWO", new float[] {1, 0, 0});

        java.util.Map<String, float[]> stored = catalog.companionVectors(List.of(first, second, "ch_gone"));
        assertThat(stored).containsOnlyKeys(first);
        assertThat(stored.get(first)).containsExactly(0.6f, 0.8f);
        assertThat(catalog.vectors(List.of(first)).get(first)).containsExactly(0.6f, -0.8f, 0f);
        assertThat(catalog.companionVectors(List.of())).isEmpty();
        catalog.putCompanionVectors(java.util.Map.of());
    }

    @Test
    void should_track_documents_status_content_and_chunks() {
        KnowledgeBase base = catalog.createBase("docs", null, null);
        KnowledgeDocument document = catalog.createDocument(base.id(), "a.pdf", "upload", null, null, 1234);

        catalog.updateStatus(document.id(), DocumentStatus.EMBEDDING, 40, null);
        catalog.saveContent(document.id(), null, "application/pdf", 1234, "全文 full text");
        catalog.replaceChunks(document.id(), List.of(chunk(document, 0, "一"), chunk(document, 1, "二")));
        catalog.replaceChunks(
                document.id(),
                List.of(chunk(document, 0, "one"), chunk(document, 1, "two"), chunk(document, 2, "three")));
        KnowledgeChunk edited = catalog.updateChunk(document.id() + "-1", "TWO", new float[] {1, 0, 0});

        KnowledgeDocument stored = catalog.findDocument(document.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(DocumentStatus.EMBEDDING);
        assertThat(stored.progress()).isEqualTo(40);
        assertThat(stored.chunkCount()).isEqualTo(3);
        assertThat(stored.mediaType()).isEqualTo("application/pdf");
        assertThat(catalog.content(document.id())).contains("全文 full text");
        assertThat(catalog.parents(List.of(document.id() + "-0", document.id() + "-1", "missing")))
                .isEqualTo(java.util.Map.of(document.id() + "-0", "parent section"));
        assertThat(catalog.parents(List.of())).isEmpty();
        List<KnowledgeChunk> chunks = catalog.chunks(document.id(), 1, 5);
        assertThat(chunks).extracting(KnowledgeChunk::text).containsExactly("TWO", "three");
        assertThat(chunks.get(1).vector()).containsExactly(0.6f, -0.8f, 2f);
        assertThat(edited.position()).isEqualTo(1);
        assertThat(catalog.listByStatus(List.of(DocumentStatus.EMBEDDING)))
                .extracting(KnowledgeDocument::id)
                .contains(document.id());
        assertThat(catalog.setEnabled(document.id(), false).enabled()).isFalse();
        assertThat(catalog.updateStatus("doc_missing", DocumentStatus.READY, 100, null))
                .isFalse();
        assertThatThrownBy(() -> catalog.createDocument("kb_missing", "x", "upload", null, null, 1))
                .isInstanceOf(NotFoundException.class);

        assertThat(catalog.deleteDocument(document.id())).isTrue();
        assertThat(catalog.findChunk(document.id() + "-0")).isEmpty();
    }

    @Test
    void should_switch_one_chunk_off_and_on_again() {
        KnowledgeBase base = catalog.createBase("switches", null, null);
        KnowledgeDocument document = catalog.createDocument(base.id(), "s.txt", "upload", null, null, 1);
        catalog.replaceChunks(document.id(), List.of(chunk(document, 0, "kept"), chunk(document, 1, "muted")));

        KnowledgeChunk off = catalog.setChunkEnabled(document.id() + "-1", false);

        assertThat(off.enabled()).isFalse();
        assertThat(catalog.chunks(document.id(), 0, 10))
                .extracting(KnowledgeChunk::enabled)
                .containsExactly(true, false);
        assertThat(catalog.setChunkEnabled(document.id() + "-1", true).enabled())
                .isTrue();
        assertThat(catalog.findChunk(document.id() + "-1").orElseThrow().enabled())
                .isTrue();
        assertThatThrownBy(() -> catalog.setChunkEnabled("ch_missing", false)).isInstanceOf(NotFoundException.class);
    }
}
