package io.switchboard.runtime.knowledge;

/** A retrieved passage with its source and score (see {@link StoreHit#score()} for the scale). */
public record Passage(
        String chunkId, String documentId, String documentName, String knowledgeBaseId, String text, double score) {
    static Passage of(StoreHit hit) {
        return new Passage(
                hit.chunkId(), hit.documentId(), hit.documentName(), hit.knowledgeBaseId(), hit.text(), hit.score());
    }
}
