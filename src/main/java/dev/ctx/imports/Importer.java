package dev.ctx.imports;

import dev.ctx.format.CtxConfig;
import dev.ctx.model.CtxException;
import dev.ctx.model.ImportFormat;
import dev.ctx.model.ImportPin;
import dev.ctx.model.Problem;
import java.nio.file.Files;
import java.nio.file.Path;

/** Plans an import of any supported source: decides the format (unless given) and hands it to its planner. */
public final class Importer {
    private Importer() {
    }

    /**
     * The plan for {@code source}; {@code into}: the folder prefix (null: the format's default), {@code pin}: which
     * blocks are pinned, {@code config}: the repository's settings (limits decide where long sections are cut).
     */
    public static ImportPlan plan(Path source, ImportFormat format, String into, ImportPin pin, CtxConfig config) throws CtxException {
        if (!Files.exists(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw CtxException.notFound(source + " does not exist; give a CLAUDE.md, AGENTS.md, .af file, or a folder");
        }
        ImportFormat f = format == ImportFormat.AUTO ? detect(source) : format;
        return switch (f) {
            case CLAUDE_MD, AGENTS_MD, AUTO -> Instructions.plan(source, format == ImportFormat.AUTO ? ImportFormat.AUTO : f, into, pin,
                    config.defaultLimit());
            case LETTA_AF -> {
                if (Files.isDirectory(source)) {
                    throw new CtxException(Problem.USAGE, source + " is a folder; --format letta-af reads one .af file");
                }
                yield AgentFile.plan(source, into, pin);
            }
            case LETTA_MEMFS -> MemoryRepository.plan(source, into, config);
        };
    }

    private static ImportFormat detect(Path source) throws CtxException {
        String name = source.getFileName() == null ? "" : source.getFileName().toString();
        if (Files.isDirectory(source)) {
            return MemoryRepository.looksLike(source) ? ImportFormat.LETTA_MEMFS : ImportFormat.AUTO;
        }
        if (name.endsWith(".af")) {
            return ImportFormat.LETTA_AF;
        }
        if (name.equals("CLAUDE.md")) {
            return ImportFormat.CLAUDE_MD;
        }
        if (name.equals("AGENTS.md")) {
            return ImportFormat.AGENTS_MD;
        }
        throw new CtxException(Problem.USAGE, "cannot tell what " + source + " is from its name; pass --format claude-md, agents-md, letta-af or letta-memfs");
    }
}
