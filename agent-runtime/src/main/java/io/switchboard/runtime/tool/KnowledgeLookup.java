package io.switchboard.runtime.tool;

import io.switchboard.runtime.knowledge.Citation;
import java.util.List;

/** Searches the knowledge bases for the knowledge-search tool and the workflow retrieval node. */
@FunctionalInterface
public interface KnowledgeLookup {
    /**
     * Blocking: virtual thread.
     *
     * @param knowledgeBaseIds the bases to search; empty for all of them
     * @return the best passages first, at most {@code limit}
     */
    List<Citation> search(List<String> knowledgeBaseIds, String query, int limit);
}
