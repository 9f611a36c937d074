package dev.ctx.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryMemoTest {
    @Test
    void aQueryIsEmbeddedOnceAndItsRememberedVectorCannotBeChangedByACaller() throws Exception {
        List<String> asked = new ArrayList<>();
        Embedder model = new QueryNoiseTest.Counting() {
            @Override
            public float[] embedQuery(String text) {
                asked.add(text);
                return new float[] {text.length(), 0f, 0f};
            }
        };
        QueryMemo memo = new QueryMemo(model);
        float[] first = memo.embedQuery("tomatoes");
        first[0] = -1f;
        assertArrayEquals(new float[] {8f, 0f, 0f}, memo.embedQuery("tomatoes"));
        assertEquals(List.of("tomatoes"), asked, "the search's vector is reused by the noise level");
        for (int i = 0; i < QueryMemo.REMEMBERED + 1; i++) {
            memo.embedQuery("q" + i);
        }
        memo.embedQuery("tomatoes");
        assertEquals(2, asked.stream().filter("tomatoes"::equals).count(), "only the last few are kept");
        assertEquals("test:axis", memo.modelId());
    }
}
