/** The Lucene implementation of the search index: schema, analysis, BM25 and HNSW retrieval, fusion, git catch-up. */
package dev.ctx.index.lucene;
