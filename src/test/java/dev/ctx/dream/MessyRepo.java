package dev.ctx.dream;

import dev.ctx.support.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A context repository with the mess dreaming tidies, committed with plain git (which validates nothing). */
final class MessyRepo {
    final TestRepo t;
    final Path mem;

    MessyRepo(Path tmp) throws Exception {
        t = new TestRepo(tmp);
        mem = t.init();
        t.env.put("CTX_REPO", mem.toString());
    }

    void file(String path, String text) throws IOException {
        Path f = mem.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    void commit(String message) throws Exception {
        t.git(mem, "add", "-A");
        t.git(mem, "commit", "-q", "-m", message);
    }

    /** Appends settings to ctx.yaml (the person's file; dreams never change it). */
    void settings(String yaml) throws Exception {
        Files.writeString(mem.resolve("ctx.yaml"), Files.readString(mem.resolve("ctx.yaml")) + "\n" + yaml + "\n");
    }

    /** Duplicates within and across files, a superseded fact, a file without description, and one over its limit. */
    void mess() throws Exception {
        file("system/notes.md", """
                ---
                description: Facts remembered by agents
                ---
                - Build with mvn -B verify before pushing
                - Tests need Docker running locally
                - build with mvn -B verify before pushing
                - The API validates request bodies with Zod schemas
                - ~~Deploy by hand on Fridays~~
                - Releases are cut from the main branch every two weeks on Tuesday
                """);
        file("project/conventions.md", """
                ---
                description: Conventions of this codebase
                tags: java, build
                ---
                - Tests need Docker running locally
                - Releases are cut from the main branch every two weeks
                - Use records for value types
                """);
        file("project/undescribed.md", """
                # Release checklist

                - Tag the release commit
                """);
        StringBuilder big = new StringBuilder("---\ndescription: Architecture notes\n---\nOverview of the modules.\n\n");
        // 4 sections of 30 facts: about 6,500 characters, over the default limit of 5,000.
        for (int s = 1; s <= 4; s++) {
            big.append("## Module ").append(s).append("\n\n");
            for (int i = 0; i < 30; i++) {
                big.append("- Module ").append(s).append(" fact number ").append(i).append(" about its design choices\n");
            }
            big.append('\n');
        }
        file("project/architecture.md", big.toString());
        commit("a messy memory");
    }

    Map<String, String> env() {
        return t.env;
    }
}
