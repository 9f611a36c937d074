import dev.ctx.format.CtxConfig;
import dev.ctx.index.Embedder;
import dev.ctx.index.embed.Embedders;
import java.nio.file.Path;
public class WarmProbe {
    public static void main(String[] a) throws Exception {
        long t0 = System.nanoTime();
        Embedder e = Embedders.fromConfig(CtxConfig.defaults(), Path.of(a[0]), System.getenv()).orElseThrow();
        long t1 = System.nanoTime();
        e.embedQuery("which database does billing use?");
        long t2 = System.nanoTime();
        e.embedQuery("second query, same process");
        long t3 = System.nanoTime();
        System.out.printf("fromConfig_ms=%.1f first_query_ms=%.1f second_query_ms=%.2f%n", (t1-t0)/1e6, (t2-t1)/1e6, (t3-t2)/1e6);
    }
}
