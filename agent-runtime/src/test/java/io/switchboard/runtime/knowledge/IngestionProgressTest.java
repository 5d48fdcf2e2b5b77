package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status and progress as ingestion reports them, seen through a recording view of the real catalog. */
class IngestionProgressTest {
    record Step(String documentId, DocumentStatus status, int progress, String error) {}

    private final List<Step> steps = new CopyOnWriteArrayList<>();
    /** When set, the first EMBEDDING step with progress above 20 waits on it (one batch done). */
    private volatile CountDownLatch holdAfterFirstBatch;

    private final CountDownLatch heldAfterFirstBatch = new CountDownLatch(1);
    private Database database;
    private LuceneKnowledgeStore store;
    private KnowledgeService knowledge;

    @BeforeEach
    void start(@TempDir Path dir) {
        database = Database.open(
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null, 4),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        KnowledgeCatalog real = database.knowledge();
        KnowledgeCatalog recording = (KnowledgeCatalog) Proxy.newProxyInstance(
                KnowledgeCatalog.class.getClassLoader(),
                new Class<?>[] {KnowledgeCatalog.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("updateStatus")) {
                        steps.add(
                                new Step((String) args[0], (DocumentStatus) args[1], (int) args[2], (String) args[3]));
                        CountDownLatch hold = holdAfterFirstBatch;
                        if (hold != null && args[1] == DocumentStatus.EMBEDDING && (int) args[2] > 20) {
                            holdAfterFirstBatch = null;
                            heldAfterFirstBatch.countDown();
                            hold.await();
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        store = LuceneKnowledgeStore.open(dir.resolve("index"));
        knowledge = KnowledgeService.create(
                recording,
                store,
                id -> Optional.empty(),
                new KnowledgeLimits(1024 * 1024, 5_000, 1, 10, 2, io.switchboard.runtime.net.NetPolicy.DEFAULT));
    }

    private boolean stopped;

    @AfterEach
    void stop() {
        if (!stopped) {
            knowledge.close();
            store.close();
        }
        database.close();
    }

    /**
     * Closing while a document is embedded lets it stop at its next step instead of interrupting it: an
     * interrupt inside a Lucene write breaks the index writer ("unrecoverable error") and made close throw.
     */
    @Test
    void should_stop_a_running_document_at_its_next_step_on_close_without_interrupting_it() throws Exception {
        String kb = knowledge
                .createBase(
                        "closing",
                        null,
                        new KnowledgeBaseSettings(new ChunkingSettings(60, 0, null, null, null, null), null, null))
                .id();
        CountDownLatch release = new CountDownLatch(1);
        holdAfterFirstBatch = release;
        KnowledgeDocument document = knowledge.upload(
                kb, "long.txt", "第一段：退货需要七天内申请。\n\n".repeat(120).getBytes(StandardCharsets.UTF_8));
        assertThat(heldAfterFirstBatch.await(60, TimeUnit.SECONDS)).isTrue();

        AtomicReference<Throwable> closeFailure = new AtomicReference<>();
        Thread closer = Thread.ofPlatform().start(() -> {
            try {
                knowledge.close();
            } catch (Throwable e) {
                closeFailure.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        release.countDown();
        closer.join(Duration.ofSeconds(30));
        stopped = true;

        assertThat(closer.isAlive()).as("close returned").isFalse();
        assertThat(closeFailure.get()).isNull();
        assertThat(stepsOf(document.id())).extracting(Step::status).doesNotContain(DocumentStatus.FAILED);
        assertThat(database.knowledge()
                        .findDocument(document.id())
                        .orElseThrow()
                        .status())
                .as("left for resume() after the restart")
                .isEqualTo(DocumentStatus.EMBEDDING);
        assertThatCode(store::close).doesNotThrowAnyException();
    }

    private List<Step> stepsOf(String documentId) {
        return steps.stream()
                .filter(step -> step.documentId().equals(documentId))
                .toList();
    }

    @Test
    void should_report_parsing_chunking_embedding_then_ready_with_rising_progress() {
        String kb = knowledge
                .createBase(
                        "progress",
                        null,
                        new KnowledgeBaseSettings(new ChunkingSettings(60, 0, null, null, null, null), null, null))
                .id();
        String text = "第一段：退货需要七天内申请。\n\n".repeat(120);

        KnowledgeDocument document = knowledge.upload(kb, "long.txt", text.getBytes(StandardCharsets.UTF_8));

        assertThat(document.status()).isEqualTo(DocumentStatus.QUEUED);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> knowledge.document(document.id()).status().finished());
        List<Step> seen = stepsOf(document.id());
        assertThat(seen)
                .extracting(Step::status)
                .startsWith(DocumentStatus.PARSING, DocumentStatus.CHUNKING, DocumentStatus.EMBEDDING)
                .endsWith(DocumentStatus.READY);
        assertThat(seen.stream()
                        .filter(step -> step.status() == DocumentStatus.EMBEDDING)
                        .count())
                .as("embedding reports progress batch by batch")
                .isGreaterThan(2);
        assertThat(seen).extracting(Step::progress).isSorted();
        assertThat(seen.getLast().progress()).isEqualTo(100);
        assertThat(knowledge.document(document.id()).chunkCount()).isGreaterThan(16);
    }

    @Test
    void should_fail_an_enormous_document_with_a_reason_and_ingest_the_next_one() {
        String kb = knowledge.createBase("limits", null, null).id();

        KnowledgeDocument enormous =
                knowledge.upload(kb, "huge.txt", "字".repeat(6_000).getBytes(StandardCharsets.UTF_8));
        KnowledgeDocument fine = knowledge.upload(kb, "fine.txt", "A small file.".getBytes());

        await().atMost(Duration.ofSeconds(60))
                .until(() -> knowledge.document(fine.id()).status().finished());
        KnowledgeDocument failed = knowledge.document(enormous.id());
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.error()).contains("more than 5000 characters");
        assertThat(knowledge.document(fine.id()).status()).isEqualTo(DocumentStatus.READY);
        assertThat(stepsOf(enormous.id())).extracting(Step::status).doesNotContain(DocumentStatus.EMBEDDING);
    }
}
