package dev.ctx.bench;

import dev.ctx.index.Embedder;
import dev.ctx.index.HubNoise;
import dev.ctx.index.QueryNoise;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the builtin model's vectors of the noise reference passages ({@code QueryNoise}) and of the neutral
 * questions ({@code HubNoise}) to the resources that ship beside them, computed by the model itself (no cache). Run after changing {@code noise-references.txt}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/test-classpath.txt) dev.ctx.bench.NoiseVectors}
 * (after {@code make bench-compile}); {@code QueryNoiseTest} fails until then.
 */
public final class NoiseVectors {
    static final Path RESOURCE = Path.of("src/main/resources/dev/ctx/index/noise-references.vectors");
    static final Path HUB_RESOURCE = Path.of("src/main/resources/dev/ctx/index/hub-questions.vectors");

    private NoiseVectors() {
    }

    public static void main(String[] args) throws Exception {
        List<String> passages = QueryNoise.passages();
        try (Embedder model = BenchEmbedder.fresh()) {
            Files.writeString(RESOURCE, QueryNoise.vectorsFile(model.modelId(), passages, model.embedPassages(passages)), StandardCharsets.UTF_8);
            System.out.println("wrote " + RESOURCE + ": " + passages.size() + " passages, " + model.modelId());
            List<String> questions = HubNoise.questions();
            Files.writeString(HUB_RESOURCE, QueryNoise.vectorsFile(model.modelId(), questions, HubNoise.embeddedAsQueries(model, questions)),
                    StandardCharsets.UTF_8);
            System.out.println("wrote " + HUB_RESOURCE + ": " + questions.size() + " questions (as queries), " + model.modelId());
        }
    }
}
