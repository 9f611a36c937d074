package dev.ctx.index.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.format.CtxConfig;
import dev.ctx.index.Embedder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wiring only: nothing here loads a model or contacts a server. */
class EmbeddersTest {
    @TempDir
    Path cache;

    private static CtxConfig config(String embeddings) throws Exception {
        return CtxConfig.parse("format: 1\nsearch:\n  embeddings:\n" + embeddings.indent(4));
    }

    private Embedders.Resolution resolve(String embeddings, Map<String, String> env) throws Exception {
        return Embedders.resolve(config(embeddings), cache, env);
    }

    @Test
    void defaultIsTheBuiltinModelBehindTheCacheAndTheWarmServer() throws Exception {
        Embedders.Resolution r = Embedders.resolve(CtxConfig.parse(CtxConfig.starterText()), cache, Map.of());
        Embedder e = assertInstanceOf(Embedders.Resolution.Available.class, r).model();
        assertInstanceOf(CachingEmbedder.class, e);
        assertEquals(BuiltinEmbedder.MODEL_ID, e.modelId());
        assertEquals(384, e.dimensions());
        e.close();
    }

    @Test
    void minimalConfigMeansBuiltin() throws Exception {
        Embedders.Resolution r = Embedders.resolve(CtxConfig.parse("format: 1\n"), cache, Map.of(Embedders.WARM_ENV, "0"));
        assertEquals(BuiltinEmbedder.MODEL_ID, r.embedder().orElseThrow().modelId());
    }

    @Test
    void noneSaysSo() throws Exception {
        Embedders.Resolution r = resolve("provider: none", Map.of());
        assertTrue(r.embedder().isEmpty());
        assertEquals("embeddings are off (search.embeddings.provider: none)", ((Embedders.Resolution.Unavailable) r).reason());
    }

    @Test
    void anEndpointWithoutItsKeyIsUnavailable() throws Exception {
        Embedders.Resolution r = resolve("provider: openai\nmodel: text-embedding-3-small\napi_key_env: OPENAI_API_KEY", Map.of());
        assertEquals("search.embeddings.api_key_env names OPENAI_API_KEY but that variable is not set",
                ((Embedders.Resolution.Unavailable) r).reason());
        assertTrue(Embedders.fromConfig(config("provider: openai\nmodel: m\napi_key_env: K"), cache, Map.of("K", "")).isEmpty());
    }

    @Test
    void anEndpointNeedsAModelAndAnHttpUrl() throws Exception {
        assertTrue(((Embedders.Resolution.Unavailable) resolve("provider: openai", Map.of())).reason().contains("search.embeddings.model"));
        assertTrue(((Embedders.Resolution.Unavailable) resolve("provider: openai\nmodel: m\nurl: ftp://x", Map.of())).reason()
                .contains("http:// or https://"));
    }

    @Test
    void anEndpointWithoutKeyVariableIsFineForLocalServers() throws Exception {
        Embedders.Resolution r = resolve("provider: openai\nmodel: nomic-embed-text\nurl: http://127.0.0.1:11434/v1/", Map.of());
        Embedders.Resolution.Available a = assertInstanceOf(Embedders.Resolution.Available.class, r);
        assertEquals("nomic-embed-text at http://127.0.0.1:11434/v1/embeddings", a.description());
        assertEquals("openai:nomic-embed-text", a.model().modelId());
    }

    @Test
    void nonsenseIsExplained() throws Exception {
        assertEquals("ctx.yaml search.embeddings.provider is 'magic'; use builtin, openai or none",
                ((Embedders.Resolution.Unavailable) resolve("provider: magic", Map.of())).reason());
        assertTrue(((Embedders.Resolution.Unavailable) resolve("batch_size: 0", Map.of())).reason().contains("batch_size"));
        assertTrue(((Embedders.Resolution.Unavailable) resolve("warm: maybe", Map.of())).reason().contains("true or false"));
    }

    @Test
    void nativesGoToTheUserCacheWhenThereIsOne() {
        Path repoCache = Path.of("/r/.git/ctx");
        assertEquals(Path.of("/x/ctx/natives"), Embedders.nativeDir(repoCache, Map.of("XDG_CACHE_HOME", "/x")));
        assertEquals(Path.of("/r/.git/ctx/natives"), Embedders.nativeDir(repoCache, Map.of()));
    }

    @Test
    void theUserCacheFollowsXdg() {
        assertEquals(Path.of("/x/ctx"), Embedders.userCacheDir(Map.of("XDG_CACHE_HOME", "/x", "HOME", "/h")));
        assertEquals(Path.of("/h/.cache/ctx"), Embedders.userCacheDir(Map.of("HOME", "/h")));
    }
}
