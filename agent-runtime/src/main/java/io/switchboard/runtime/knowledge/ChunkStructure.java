package io.switchboard.runtime.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;
import java.util.Locale;

/** How a document's structure guides chunking (knowledge base setting {@code chunking.structure}). */
public enum ChunkStructure implements WireEnum {
    /** Q&A when the text is a list of questions and answers, Markdown when it has headings, else plain. */
    AUTO,
    /** Separators only ({@link TextChunker}). */
    PLAIN,
    /** Headings as context in every chunk; tables and code blocks kept whole. HTML and DOCX arrive as Markdown. */
    MARKDOWN,
    /** One chunk per question with its answer. */
    QA;

    @JsonCreator
    public static ChunkStructure parse(String text) {
        if (text == null || text.isBlank()) {
            return AUTO;
        }
        return WireEnum.parse(
                ChunkStructure.class,
                text.strip().toLowerCase(Locale.ROOT),
                "chunking.structure must be one of auto, plain, markdown, qa; got " + text);
    }
}
