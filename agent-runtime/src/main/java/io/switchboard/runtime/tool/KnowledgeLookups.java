package io.switchboard.runtime.tool;

import io.switchboard.runtime.knowledge.Citation;
import io.switchboard.runtime.knowledge.KnowledgeBase;
import io.switchboard.runtime.knowledge.KnowledgeLink;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.knowledge.Passage;
import io.switchboard.runtime.knowledge.RetrievalMode;
import java.util.List;

/** Knowledge search for the built-in tool and the retrieval node, over the knowledge service. */
public final class KnowledgeLookups {
    /** Bases searched when a caller names none (the knowledge service searches at most ten together). */
    private static final int MAX_BASES = 10;

    private KnowledgeLookups() {}

    /** Hybrid search with the default relevance threshold; empty bases means the first ten bases. */
    public static KnowledgeLookup from(KnowledgeService knowledge) {
        return (knowledgeBaseIds, query, limit) -> {
            List<String> bases = knowledgeBaseIds.isEmpty()
                    ? knowledge.bases().stream()
                            .map(KnowledgeBase::id)
                            .limit(MAX_BASES)
                            .toList()
                    : knowledgeBaseIds;
            if (bases.isEmpty()) {
                return List.of();
            }
            KnowledgeLink link = new KnowledgeLink(
                    bases, Math.max(1, Math.min(20, limit)), null, RetrievalMode.HYBRID, null, null, null);
            List<Passage> passages = knowledge.retrieve(link, query);
            return passages.stream()
                    .map(p -> new Citation(p.documentName(), p.text(), p.score()))
                    .toList();
        };
    }
}
