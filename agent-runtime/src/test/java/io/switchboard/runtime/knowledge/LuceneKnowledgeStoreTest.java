package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneKnowledgeStoreTest extends KnowledgeStoreContract {
    @TempDir
    Path directory;

    @Override
    protected KnowledgeStore open() {
        return LuceneKnowledgeStore.open(directory);
    }

    /**
     * An interrupt during a Lucene write closes the file channel under it, which can break the writer for
     * good. Closing must still release the index so the next open works and keeps what was committed.
     */
    @Test
    void should_close_and_reopen_after_a_write_on_an_interrupted_thread(@TempDir Path own) throws Exception {
        LuceneKnowledgeStore first = LuceneKnowledgeStore.open(own);
        first.add(List.of(chunk("kept", "the committed chunk survives")));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            try {
                first.add(List.of(chunk("lost", "written while interrupted " + "x ".repeat(20_000))));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        writer.join();
        assertThat(failure.get()).as("the interrupted write fails").isNotNull();
        assertThatCode(first::close).doesNotThrowAnyException();

        LuceneKnowledgeStore second = LuceneKnowledgeStore.open(own);
        try {
            second.add(List.of(chunk("after", "indexed after the reopen")));
            assertThat(second.count("kb")).isGreaterThanOrEqualTo(2);
        } finally {
            second.close();
        }
    }

    private static IndexedChunk chunk(String id, String text) {
        return new IndexedChunk(id, "kb", "doc-" + id, id + ".md", text, unit(1, 0, 0, 0));
    }
}
