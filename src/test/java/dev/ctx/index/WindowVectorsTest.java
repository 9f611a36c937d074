package dev.ctx.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowVectorsTest {
    @Test
    void readsTheCtxYamlValuesAndNamesTheKeyWhenWrong() {
        assertEquals(WindowVectors.DERIVED, WindowVectors.parse(null));
        assertEquals(WindowVectors.DERIVED, WindowVectors.parse(true));
        assertEquals(WindowVectors.OFF, WindowVectors.parse(false));
        assertEquals(WindowVectors.EMBEDDED, WindowVectors.parse(" Embedded "));
        assertEquals(WindowVectors.OFF, WindowVectors.parse("off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowVectors.parse("both"));
        assertTrue(e.getMessage().contains("search.window_vectors") && e.getMessage().contains("derived, embedded or off"), e.getMessage());
    }
}
