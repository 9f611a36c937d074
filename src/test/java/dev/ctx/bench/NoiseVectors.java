package dev.ctx.bench;

import dev.ctx.index.Embedder;
import dev.ctx.index.QueryNoise;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the builtin model's vectors of the noise reference passages ({@code QueryNoise}) to the resource that
 * ships beside them, computed by the model itself (no cache). Run after changing {@code noise-references.txt}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/test-classpath.txt) dev.ctx.bench.NoiseVectors}
 * (after {@code make bench-compile}); {@code QueryNoiseTest} fails until then.
 */
public final class NoiseVectors {
    static final Path RESOURCE = Path.of("src/main/resources/dev/ctx/index/noise-references.vectors");

    private NoiseVectors() {
    }

    public static void main(String[] args) throws Exception {
        List<String> passages = QueryNoise.passages();
        try (Embedder model = BenchEmbedder.fresh()) {
            Files.writeString(RESOURCE, QueryNoise.vectorsFile(model.modelId(), passages, model.embedPassages(passages)), StandardCharsets.UTF_8);
            System.out.println("wrote " + RESOURCE + ": " + passages.size() + " passages, " + model.modelId());
        }
    }
}
