package dev.ctx.model;

/**
 * The helper processes the library may start detached, as the adapter that opened it runs them: the
 * background embedder a search leaves pending vectors to (placeholder {@code {repo}}), and the warm
 * embedding server ({@code {cache_dir}}, {@code {natives}}, {@code {idle_seconds}}). A null helper is
 * never started: pending vectors wait for the next update, embeddings are computed in process.
 */
public record Helpers(HelperProcess indexFiller, HelperProcess embedServer) {
    public static Helpers none() {
        return new Helpers(null, null);
    }
}
