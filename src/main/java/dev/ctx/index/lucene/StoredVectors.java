package dev.ctx.index.lucene;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

/**
 * Vectors kept as binary doc values: the raw vectors a chunk's searchable vector was made from, read back
 * by text hash so that unchanged text is never embedded again. Doc values rather than a second vector
 * field, which would build (and merge) an HNSW graph that no query searches.
 */
final class StoredVectors {
    private StoredVectors() {
    }

    static BytesRef bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return new BytesRef(b.array());
    }

    /** The document's vector in {@code field}; null when it has none. */
    static float[] read(IndexSearcher s, int doc, String field) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        BinaryDocValues values = leaf.reader().getBinaryDocValues(field);
        if (values == null || !values.advanceExact(doc - leaf.docBase)) {
            return null;
        }
        BytesRef b = values.binaryValue();
        float[] v = new float[b.length / Float.BYTES];
        ByteBuffer.wrap(b.bytes, b.offset, b.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    /** The document's searchable (KNN) vector in {@code field}; null when it has none. */
    static float[] searchable(IndexSearcher s, int doc, String field) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
        int local = doc - leaf.docBase;
        if (values == null || values.advance(local) != local) {
            return null;
        }
        return values.vectorValue().clone();
    }
}
