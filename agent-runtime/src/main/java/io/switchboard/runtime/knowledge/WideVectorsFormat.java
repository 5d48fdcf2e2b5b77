package io.switchboard.runtime.knowledge;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW format with room for provider embeddings longer than its default 1024 dimensions (e.g.
 * 1536). It keeps the HNSW format's name, so segments are read back by the stock format without any SPI
 * registration: the dimension limit is only checked while indexing.
 */
final class WideVectorsFormat extends KnnVectorsFormat {
    static final int MAX_DIMENSIONS = 4096;
    private final Lucene99HnswVectorsFormat delegate = new Lucene99HnswVectorsFormat();

    WideVectorsFormat() {
        super("Lucene99HnswVectorsFormat");
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return MAX_DIMENSIONS;
    }
}
