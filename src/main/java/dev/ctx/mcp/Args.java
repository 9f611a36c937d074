package dev.ctx.mcp;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tool call's arguments, read with the same refusals the CLI gives for a missing or malformed option. */
record Args(Map<String, Object> values) {
    Args {
        values = values == null ? Map.of() : values;
    }

    String text(String name) throws CtxException {
        String s = optText(name);
        if (s == null || s.isBlank()) {
            throw new CtxException(Problem.USAGE, "missing argument '" + name + "'");
        }
        return s;
    }

    String optText(String name) throws CtxException {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new CtxException(Problem.USAGE, "argument '" + name + "' must be a string");
        }
        return s;
    }

    Integer optInt(String name) throws CtxException {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new CtxException(Problem.USAGE, "argument '" + name + "' must be an integer");
    }

    boolean flag(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    // ---- JSON Schema pieces ----

    static Map<String, Object> schema(List<String> required, Object... props) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < props.length; i += 2) {
            p.put((String) props[i], props[i + 1]);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", p);
        s.put("required", required);
        s.put("additionalProperties", false);
        return s;
    }

    static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> integer(String description, int min) {
        return Map.of("type", "integer", "minimum", min, "description", description);
    }

    static Map<String, Object> bool(String description) {
        return Map.of("type", "boolean", "description", description);
    }

    static Map<String, Object> oneOf(String description, String... values) {
        return Map.of("type", "string", "enum", List.of(values), "description", description);
    }
}
