package io.switchboard.runtime.knowledge;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

/**
 * One of the quantised ONNX models that LangChain4j's model jars ship (the same files its
 * {@code BgeSmallZhV15QuantizedEmbeddingModel} and {@code AllMiniLmL6V2QuantizedEmbeddingModel} load), run
 * in an ONNX Runtime session of our own: <b>one thread per call, no spinning</b>. LangChain4j's session
 * has the runtime's defaults — a pool of intra-op threads per call that spin while waiting — which on a
 * shared 2-core machine put a query's embedding behind every other busy thread (the 565 ms p99 of
 * docs/benchmarks.md). Parallelism comes from our side instead: a batch's texts run on one thread per
 * core, and a question's two embeddings (base model and companion) run side by side.
 */
final class InProcessModel extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    private InProcessModel(OnnxBertBiEncoder encoder, Executor executor) {
        super(executor);
        this.encoder = encoder;
    }

    /** bge-small-zh-v1.5, quantised: 512 dimensions, CLS pooling. */
    static InProcessModel bgeSmallZh(Executor executor) {
        return load("bge-small-zh-v1.5-q.onnx", "bge-small-zh-v1.5-q-tokenizer.json", PoolingMode.CLS, executor);
    }

    /** all-MiniLM-L6-v2, quantised: 384 dimensions, mean pooling. */
    static InProcessModel miniLm(Executor executor) {
        return load("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", PoolingMode.MEAN, executor);
    }

    private static InProcessModel load(String model, String tokenizer, PoolingMode pooling, Executor executor) {
        ClassLoader loader = InProcessModel.class.getClassLoader();
        // The options stay open: the session is kept for the life of the process.
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try (InputStream modelIn = loader.getResourceAsStream(model);
                InputStream tokenizerIn = loader.getResourceAsStream(tokenizer)) {
            if (modelIn == null || tokenizerIn == null) {
                throw new IllegalStateException(model + " is not on the class path (its LangChain4j model jar)");
            }
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(modelIn.readAllBytes(), options);
            return new InProcessModel(new OnnxBertBiEncoder(environment, session, tokenizerIn, pooling), executor);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + model, e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load " + model + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }
}
