package dev.ctx.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Parses Codex's config.toml to check it, never to write it: no TOML library keeps comments, order and
 * layout, so ctx edits the file as text (a marked block) and parses the result to make sure Codex can read it.
 */
final class TomlCheck {
    private static final TomlMapper TOML = new TomlMapper();

    private TomlCheck() {
    }

    static JsonNode parse(Path file, String text, String when) throws CtxException {
        try {
            return TOML.readTree(text == null ? "" : text);
        } catch (IOException e) {
            throw new CtxException(Problem.REFUSED, file + " " + when + " is not valid TOML: " + oneLine(e.getMessage())
                    + "; fix it, then run ctx setup again (nothing was written)");
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
