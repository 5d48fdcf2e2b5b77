package io.switchboard.runtime.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;
import java.util.Locale;

/** Where knowledge bases are searched: {@link LuceneKnowledgeStore} or {@link MilvusKnowledgeStore}. */
public enum KnowledgeEngine implements WireEnum {
    /** Embedded, on disk under the data directory. */
    LUCENE,
    /** A Milvus server. */
    MILVUS;

    /**
     * Case and surrounding blanks do not matter (it is typed into configuration files and variables);
     * blank means {@link #LUCENE}, the default.
     */
    @JsonCreator
    public static KnowledgeEngine parse(String text) {
        if (text == null || text.isBlank()) {
            return LUCENE;
        }
        return WireEnum.parse(
                KnowledgeEngine.class,
                text.strip().toLowerCase(Locale.ROOT),
                "knowledge.engine must be lucene or milvus, got " + text);
    }
}
