package io.switchboard.channels.spi;

import io.vertx.core.Future;
import java.util.List;

/** Embeds texts for the developer API's {@code /v1/embeddings}; implemented by the gateway. */
public interface Embeddings {
    /** The in-process models a caller may name instead of its app. */
    List<String> IN_PROCESS_MODELS = List.of("bge-small-zh-v15", "all-minilm-l6-v2");

    /**
     * @param appId the caller's app
     * @param model the app's id (the embedding model its knowledge uses) or one of {@link #IN_PROCESS_MODELS}
     * @param inputs the texts, in order
     * @return unit-length vectors in the order of {@code inputs}, with the model's name and an estimate of
     *     the tokens read
     */
    Future<Result> embed(String appId, String model, List<String> inputs);

    /** The vectors of one request. */
    record Result(String model, List<float[]> vectors, int promptTokens) {
        public Result {
            vectors = List.copyOf(vectors);
        }
    }
}
