package dev.ctx.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agent's JSON configuration file, edited as a tree. Jackson's {@link ObjectNode} keeps the keys in
 * the order they were read, and the file is written back the way the agents write theirs (JSON.stringify
 * with the file's own indent), so a file they wrote comes back byte for byte apart from ctx's keys. A
 * file whose tree did not change is not rewritten at all.
 */
final class JsonFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INDENT = Pattern.compile("[{\\[]\\r?\\n([ \\t]+)\\S");

    final Path path;
    final String before;
    final ObjectNode root;
    private final JsonNode original;
    private final String indent;

    private JsonFile(Path path, String before, ObjectNode root, String indent) {
        this.path = path;
        this.before = before;
        this.root = root;
        this.original = root.deepCopy();
        this.indent = indent;
    }

    /** Reads the file (absent or blank: an empty object); anything but a JSON object is refused before any file is written. */
    static JsonFile read(Path path) throws CtxException {
        String text = Plan.read(path);
        if (text == null || text.isBlank()) {
            return new JsonFile(path, text, MAPPER.createObjectNode(), "  ");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new CtxException(Problem.REFUSED, path + " is not valid JSON" + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage() + "; fix it, then run ctx setup again (nothing was written)");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new CtxException(Problem.REFUSED, path + " does not hold a JSON object; fix it, then run ctx setup again (nothing was written)");
        }
        Matcher m = INDENT.matcher(text);
        return new JsonFile(path, text, obj, m.find() ? m.group(1) : "  ");
    }

    /** The text to write: the original when nothing changed, none when setup emptied a file, else the tree as the agents format it. */
    String after() {
        if (root.equals(original)) {
            return before;
        }
        if (root.isEmpty()) {
            return null;
        }
        DefaultIndenter indenter = new DefaultIndenter(indent, "\n");
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        pp.indentObjectsWith(indenter);
        pp.indentArraysWith(indenter);
        try {
            String text = MAPPER.writer(pp).writeValueAsString(root);
            return before == null || before.isBlank() || before.endsWith("\n") ? text + "\n" : text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    void into(Plan plan) {
        plan.put(path, before, after());
    }

    /** The object under {@code key}, created when absent; any other value there is the user's and is refused, not replaced. */
    ObjectNode object(ObjectNode parent, String key) throws CtxException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return parent.putObject(key);
        }
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw new CtxException(Problem.REFUSED, path + ": \"" + key + "\" is not a JSON object; fix it, then run ctx setup again (nothing was written)");
    }

    /** After a removal: drops {@code key} from {@code parent} when it is an object left empty. */
    static void dropIfEmpty(ObjectNode parent, String key) {
        if (parent.get(key) instanceof ObjectNode o && o.isEmpty()) {
            parent.remove(key);
        }
    }
}
