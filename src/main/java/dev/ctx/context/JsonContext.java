package dev.ctx.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ctx.model.ContextResult;
import dev.ctx.model.ContextResult.Part;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON rendering: the same content as fields, keys in a fixed order so equal input gives equal bytes. */
final class JsonContext {
    private JsonContext() {
    }

    static String render(ContextSource src, ContextResult r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("commit", src.commit());
        o.put("tokens", r.tokens());
        o.put("budget_tokens", r.budgetTokens());
        o.put("system", src.system().stream().map(b -> map("path", b.path(), "description", b.description(),
                "tokens", MarkdownContext.tokensOf(r, "system", b.path()), "body", b.body())).toList());
        o.put("memory", src.memory().stream().map(e -> map("path", e.path(), "description", e.description(), "tokens", e.tokens())).toList());
        o.put("skills", src.skills().stream().map(s -> map("name", s.name(), "description", s.description(), "path", s.path())).toList());
        o.put("query", src.query());
        o.put("relevant", src.relevant().stream().map(c -> map("path", c.path(), "heading", c.heading(), "line", c.line(), "text", c.text()))
                .toList());
        List<Map<String, Object>> cut = r.cut().stream().map(p -> map("section", p.section(), "path", p.path(), "tokens", p.tokens())).toList();
        o.put("cut", cut);
        o.put("parts", r.parts().stream().map(JsonContext::part).toList());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the context could not be written as JSON", e);
        }
    }

    private static Map<String, Object> part(Part p) {
        return map("section", p.section(), "path", p.path(), "tokens", p.tokens(), "included", p.included());
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
