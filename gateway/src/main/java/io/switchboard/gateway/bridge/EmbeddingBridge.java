package io.switchboard.gateway.bridge;

import io.switchboard.channels.spi.Embeddings;
import io.switchboard.channels.spi.InvalidTurnException;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.knowledge.EmbeddingSettings;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.memory.TokenBudget;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import java.util.List;

/**
 * {@code /v1/embeddings} on the knowledge service's embedders, on virtual threads: the app's own model
 * (its knowledge's) or an in-process one by name.
 */
public final class EmbeddingBridge implements Embeddings, AutoCloseable {
    private static final String UNAVAILABLE = "Switchboard could not embed the input right now; try again";

    private final KnowledgeService knowledge;
    private final AppCatalog catalog;
    private final VirtualThreads blocking = VirtualThreads.named("embed");

    private EmbeddingBridge(KnowledgeService knowledge, AppCatalog catalog) {
        this.knowledge = knowledge;
        this.catalog = catalog;
    }

    public static EmbeddingBridge create(KnowledgeService knowledge, AppCatalog catalog) {
        return new EmbeddingBridge(knowledge, catalog);
    }

    @Override
    public Future<Result> embed(String appId, String model, List<String> inputs) {
        return HttpFailures.call(blocking, UNAVAILABLE, () -> {
            EmbeddingSettings settings;
            if (model.equals(appId)) {
                settings = knowledge.embeddingOf(
                        catalog.resolve(appId, false).config().knowledge());
            } else if (IN_PROCESS_MODELS.contains(model)) {
                settings = new EmbeddingSettings(model, null, null);
            } else {
                throw new InvalidTurnException(
                        "model", "model must be your app's id or one of " + String.join(", ", IN_PROCESS_MODELS));
            }
            int tokens = inputs.stream().mapToInt(TokenBudget::estimate).sum();
            String name =
                    settings.model().equals(EmbeddingSettings.PROVIDER) ? settings.providerModel() : settings.model();
            return new Result(name, knowledge.embed(settings, inputs), tokens);
        });
    }

    @Override
    public void close() {
        blocking.close();
    }
}
