package dev.ctx.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.format.Document;
import dev.ctx.format.FrontMatter;
import dev.ctx.model.CtxException;
import dev.ctx.model.ImportFormat;
import dev.ctx.model.ImportPin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Letta agent file's memory: its blocks become files with description, limit and read_only under a folder
 * named after the agent (the persona and human blocks pinned under system/, the others on demand, unless --pin
 * says otherwise); archival passages go to archive/. The messages are left to recall ingestion, which reads the same file. Three shapes are read:
 * the current schema (top-level {@code blocks[]}, agents pointing at them by {@code block_ids}), the legacy
 * single agent with {@code core_memory[]}, and either stored as a JSON string holding the JSON.
 */
final class AgentFile {
    static final Set<String> PINNED_LABELS = Set.of("persona", "human");
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Path file;
    private final Placement place;
    private final ImportPin pin;
    /**
     * By default each agent gets a folder of its own (system/AGENT/persona.md): a new repository already has
     * system/persona.md, and an import never overwrites. With --into the prefix is the caller's choice.
     */
    private final boolean agentFolders;
    private final List<ImportPlan.PlannedFile> files = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> used = new HashSet<>();

    private AgentFile(Path file, String into, ImportPin pin) throws CtxException {
        this.file = file;
        this.place = new Placement(into);
        this.pin = pin;
        this.agentFolders = into == null;
    }

    static ImportPlan plan(Path file, String into, ImportPin pin) throws CtxException {
        JsonNode root = decode(file);
        AgentFile af = new AgentFile(file, into, pin);
        List<JsonNode> agents = agents(file, root);
        Map<String, JsonNode> blocks = new LinkedHashMap<>();
        root.path("blocks").forEach(b -> blocks.put(b.path("id").asText("block-" + blocks.size()), b));
        boolean messages = false;
        for (int i = 0; i < agents.size(); i++) {
            JsonNode agent = agents.get(i);
            // Passages at the top of a one-agent file are that agent's.
            List<JsonNode> passages = agents.size() == 1 && root != agent ? iterable(root.path("passages")) : new ArrayList<>();
            af.agent(agent, i, agents.size(), blocks, passages);
            messages |= agent.path("messages").isArray() && !agent.path("messages").isEmpty();
        }
        for (String key : new String[] {"files", "sources", "tools"}) {
            if (root.path(key).isArray() && !root.path(key).isEmpty()) {
                af.notes.add(root.path(key).size() + " " + key + " of the agent file left out: ctx imports memory blocks, passages and messages");
            }
        }
        if (af.files.isEmpty() && !messages) {
            af.notes.add(file + " holds no memory blocks, passages or messages");
        }
        return new ImportPlan(file.toAbsolutePath().normalize().toString(), ImportFormat.LETTA_AF, af.files,
                messages ? List.of(file) : List.of(), null, af.notes);
    }

    /** The agents of the current shape ({@code agents[]}), or the legacy file that is one agent itself. */
    private static List<JsonNode> agents(Path file, JsonNode root) throws CtxException {
        if (root.path("agents").isArray()) {
            return iterable(root.path("agents"));
        }
        if (root.has("core_memory") || root.has("messages")) {
            return List.of(root);
        }
        throw CtxException.refused(file + " is not a Letta agent file (no agents[], core_memory[] or messages[]); "
                + "check the file, or pass the --format it is");
    }

    private void agent(JsonNode agent, int index, int count, Map<String, JsonNode> blocks, List<JsonNode> passages) {
        String name = agent.path("name").asText("agent-" + index);
        // Several agents in one file would collide on labels such as persona: each gets a folder of its own.
        String folder = agentFolders || count > 1 ? Placement.slug(name) + "/" : "";
        List<JsonNode> own = new ArrayList<>();
        agent.path("block_ids").forEach(id -> {
            JsonNode b = blocks.get(id.asText());
            if (b != null) {
                own.add(b);
            }
        });
        agent.path("core_memory").forEach(own::add);
        agent.path("memory_blocks").forEach(own::add);
        for (JsonNode b : own) {
            block(b, name, folder, place, pin, file, files, used, notes);
        }
        agent.path("passages").forEach(passages::add);
        agent.path("archival_memory").forEach(passages::add);
        for (int n = 0; n < passages.size(); n++) {
            passage(passages.get(n), name, folder, n + 1, place, file, files);
        }
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static void block(JsonNode b, String agent, String folder, Placement place, ImportPin pin, Path file,
                              List<ImportPlan.PlannedFile> files, Set<String> used, List<String> notes) {
        String label = b.path("label").asText("");
        String value = b.path("value").asText("");
        if (label.isBlank()) {
            notes.add("a block without a label was left out");
            return;
        }
        String name = label.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*") ? label : Placement.slug(label);
        if (!used.add(folder + name)) {
            return; // an agent that lists the same block twice
        }
        boolean pinned = switch (pin) {
            case ALL -> true;
            case NONE -> false;
            case AUTO -> PINNED_LABELS.contains(label);
        };
        String description = b.path("description").isTextual() && !b.path("description").asText().isBlank()
                ? oneLine(b.path("description").asText()) : "Letta memory block '" + label + "' of agent " + agent;
        FrontMatter fm = FrontMatter.empty().with("description", description);
        if (b.path("limit").canConvertToInt() && b.path("limit").asInt() > 0) {
            fm = fm.with("limit", Math.max(b.path("limit").asInt(), value.strip().length() + 1));
        }
        fm = fm.with("read_only", b.path("read_only").asBoolean(false));
        if (b.path("tags").isArray() && !b.path("tags").isEmpty()) {
            List<String> tags = new ArrayList<>();
            b.path("tags").forEach(t -> tags.add(t.asText()));
            fm = fm.with("tags", tags);
        }
        String body = value.strip().isEmpty() ? "" : value.strip() + "\n";
        files.add(new ImportPlan.PlannedFile(place.memory(folder + name + ".md", pinned), new Document(fm, body, true).render(),
                file.getFileName() + " block " + label, pinned));
    }

    private static void passage(JsonNode p, String agent, String folder, int n, Placement place, Path file, List<ImportPlan.PlannedFile> files) {
        String text = p.isTextual() ? p.asText() : p.path("text").asText(p.path("content").asText(""));
        if (text.isBlank()) {
            return;
        }
        String id = p.path("id").isTextual() ? Placement.slug(p.path("id").asText()) : String.format("passage-%04d", n);
        FrontMatter fm = FrontMatter.empty().with("description", "Archival memory of Letta agent " + agent + ": " + oneLine(firstLine(text)));
        if (p.path("tags").isArray() && !p.path("tags").isEmpty()) {
            List<String> tags = new ArrayList<>();
            p.path("tags").forEach(t -> tags.add(t.asText()));
            fm = fm.with("tags", tags);
        }
        files.add(new ImportPlan.PlannedFile(place.archive(folder + "passages/" + id + ".md"), new Document(fm, text.strip() + "\n", true).render(),
                file.getFileName() + " passage " + n, false));
    }

    private static String firstLine(String text) {
        String l = text.strip().split("\n", 2)[0];
        return l.length() > 80 ? l.substring(0, 80).strip() + "…" : l;
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 1000 ? t.substring(0, 1000) : t;
    }

    /** The file's JSON, decoded a second (and third) time when a published file holds it as one JSON string. */
    private static JsonNode decode(Path file) throws CtxException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw CtxException.refused(file + " is over " + MAX_BYTES / (1024 * 1024) + " MB; not an agent file ctx reads");
            }
            ObjectMapper json = new ObjectMapper();
            JsonNode root = json.readTree(Files.readAllBytes(file));
            for (int depth = 0; root != null && root.isTextual() && depth < 2; depth++) {
                root = json.readTree(root.asText());
            }
            if (root == null || !root.isObject()) {
                throw CtxException.refused(file + " is not a Letta agent file (expected a JSON object)");
            }
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CtxException.refused(file + " is not valid JSON: " + oneLine(e.getOriginalMessage()) + "; check the file");
        } catch (IOException e) {
            throw CtxException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
