package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteCommandsTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        t.env.put("CTX_REPO", repo.toString());
    }

    private String head() throws Exception {
        return t.git(repo, "rev-parse", "HEAD").strip();
    }

    private int commits() throws Exception {
        return Integer.parseInt(t.git(repo, "rev-list", "--count", "HEAD").strip());
    }

    @Test
    void rememberMakesOneCommitWithSubjectTrailersAndAuthor() throws Exception {
        int before = commits();
        t.ok("remember", "use Zod for runtime validation", "--in", "system/project/conventions", "--agent", "claude-code",
                "--session", "s-42", "--reason", "user said so");
        assertEquals(before + 1, commits());
        String msg = t.git(repo, "log", "-1", "--format=%an%n%B");
        assertTrue(msg.startsWith("claude-code\nremember(system/project/conventions): use Zod for runtime validation\n"), msg);
        assertTrue(msg.contains("Ctx-Op: remember\nCtx-Agent: claude-code\nCtx-Session: s-42\nCtx-Reason: user said so"), msg);
        String file = Files.readString(repo.resolve("system/project/conventions.md"));
        assertTrue(file.startsWith("---\ndescription: "), file);
        assertTrue(file.endsWith("- use Zod for runtime validation\n"), file);
        assertEquals("", t.git(repo, "status", "--porcelain"), "working tree and index follow the commit");
    }

    @Test
    void rememberingTheSameFactTwiceChangesNothing() throws Exception {
        t.ok("remember", "tabs, not spaces");
        String h = head();
        Run r = t.ok("remember", "tabs, not spaces");
        assertTrue(r.out().contains("unchanged"));
        assertEquals(h, head());
    }

    @Test
    void agentAndSessionComeFromTheEnvironment() throws Exception {
        t.env.put("CTX_AGENT", "codex");
        t.env.put("CTX_SESSION", "env-session");
        t.ok("remember", "fact");
        String msg = t.git(repo, "log", "-1", "--format=%B");
        assertTrue(msg.contains("Ctx-Agent: codex") && msg.contains("Ctx-Session: env-session"), msg);
    }

    @Test
    void writeCreatesThenOverwritesKeepingUnknownKeysInOrder() throws Exception {
        Files.writeString(repo.resolve("notes.md"), "---\ndescription: old\nowner: team-a   # who owns it\ntags: [x, y]\n---\nold body\n");
        t.git(repo, "add", "notes.md");
        t.git(repo, "commit", "-qm", "person adds notes");
        t.ok("write", "notes", "--body", "new body");
        assertEquals("---\ndescription: old\nowner: team-a   # who owns it\ntags: [x, y]\n---\nnew body\n", Files.readString(repo.resolve("notes.md")));
        t.ok("describe", "notes", "Release notes");
        assertEquals("---\ndescription: Release notes\nowner: team-a   # who owns it\ntags: [x, y]\n---\nnew body\n", Files.readString(repo.resolve("notes.md")));
    }

    @Test
    void writeReadsTheBodyFromStdinAndFiles() throws Exception {
        Run r = t.ctxIn(t.dir, "from stdin\n", "write", "a/b", "--description", "d", "-");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.readString(repo.resolve("a/b.md")).endsWith("---\nfrom stdin\n"));
        Path f = tmp.resolve("body.md");
        Files.writeString(f, "from file");
        t.ok("write", "a/c", "--description", "d", "--body-file", f.toString());
        assertTrue(Files.readString(repo.resolve("a/c.md")).endsWith("from file\n"));
    }

    @Test
    void newFileWithoutDescriptionIsRefused() throws Exception {
        String h = head();
        Run r = t.ctx("write", "x", "--body", "b");
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("description"), r.err());
        assertEquals(h, head());
    }

    @Test
    void filesGetTheUmasksModeAsGitCheckoutWouldGiveThem() throws Exception {
        Path probe = Files.createFile(tmp.resolve("probe"));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> umasked = Files.getPosixFilePermissions(probe);
        org.junit.jupiter.api.Assumptions.assumeFalse(umasked.equals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")),
                "this process's umask is 077: nothing to tell apart");
        t.ok("write", "notes/perm", "--description", "d", "--body", "x");
        for (String f : new String[] {"ctx.yaml", "system/persona.md", "notes/perm.md"}) {
            assertEquals(umasked, Files.getPosixFilePermissions(repo.resolve(f)), f);
        }
    }

    @Test
    void appendStartsItsOwnParagraphOrTheListsNextItem() throws Exception {
        t.ok("write", "p/prose", "--description", "prose", "--body", "Run make test before every push.\n");
        t.ok("append", "p/prose", "Integration tests need Docker");
        assertTrue(Files.readString(repo.resolve("p/prose.md")).endsWith("---\nRun make test before every push.\n\nIntegration tests need Docker\n"));
        t.ok("write", "p/bullets", "--description", "bullets", "--body", "- one\n- two\n\n");
        t.ok("append", "p/bullets", "three");
        t.ok("append", "p/bullets", "* four");
        assertTrue(Files.readString(repo.resolve("p/bullets.md")).endsWith("---\n- one\n- two\n- three\n* four\n"));
        t.ok("write", "p/steps", "--description", "steps", "--body", "1. build\n2. test\n");
        t.ok("append", "p/steps", "release\nwith a tag");
        assertTrue(Files.readString(repo.resolve("p/steps.md")).endsWith("---\n1. build\n2. test\n3. release\n   with a tag\n"));
    }

    @Test
    void theFixSuggestedForAppendingToAMissingFileWorksAsPrinted() throws Exception {
        Run r = t.ctx("append", "project/build", "Integration tests need Docker");
        assertEquals(3, r.exit(), r.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("'ctx ([^']*)'").matcher(r.err());
        assertTrue(m.find(), r.err());
        java.util.List<String> words = new java.util.ArrayList<>();
        java.util.regex.Matcher w = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(m.group(1));
        while (w.find()) {
            words.add(w.group(1) != null ? w.group(1) : w.group(2));
        }
        t.ok(words.toArray(String[]::new));
        t.ok("append", "project/build", "Integration tests need Docker");
    }

    @Test
    void anEmptySessionOrAgentIsAUsageErrorAndChangesNothing() throws Exception {
        t.ok("remember", "a fact", "--session", "s1");
        String h = head();
        for (String[] args : new String[][] {{"revert", "--session", ""}, {"remember", "x", "--session", " "}, {"log", "--agent", ""}}) {
            Run r = t.ctx(args);
            assertEquals(2, r.exit(), String.join(" ", args) + " -> " + r);
            assertTrue(r.err().contains("is empty"), r.err());
        }
        assertEquals(h, head());
    }

    @Test
    void appendInsertReplaceMoveForget() throws Exception {
        t.ok("write", "p/list", "--description", "a list", "--body", "one\nthree\n");
        t.ok("insert", "p/list", "--line", "2", "two");
        t.ok("append", "p/list", "four");
        t.ok("replace", "p/list", "--old", "three", "--new", "THREE");
        assertTrue(Files.readString(repo.resolve("p/list.md")).endsWith("---\none\ntwo\nTHREE\n\nfour\n"));
        t.ok("mv", "p/list", "q/list");
        assertFalse(Files.exists(repo.resolve("p")), "empty folder pruned");
        assertTrue(Files.exists(repo.resolve("q/list.md")));
        t.ok("forget", "q/list");
        assertFalse(Files.exists(repo.resolve("q/list.md")));
        assertEquals("", t.git(repo, "status", "--porcelain"));
        String ops = t.git(repo, "log", "--format=%(trailers:key=Ctx-Op,valueonly)", "-6");
        assertEquals("forget\n\nmv\n\nreplace\n\nappend\n\ninsert\n\nwrite\n\n", ops);
    }

    @Test
    void replaceNeedsExactlyOneMatch() throws Exception {
        t.ok("write", "r", "--description", "d", "--body", "a a b");
        String h = head();
        Run many = t.ctx("replace", "r", "--old", "a", "--new", "x");
        assertEquals(4, many.exit());
        assertTrue(many.err().contains("matches 2 times"), many.err());
        Run none = t.ctx("replace", "r", "--old", "zzz", "--new", "x");
        assertEquals(3, none.exit());
        assertEquals(h, head());
    }

    @Test
    void insertOutsideTheBodyIsRefused() throws Exception {
        t.ok("write", "r", "--description", "d", "--body", "a\nb");
        Run r = t.ctx("insert", "r", "--line", "9", "x");
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("has 2 lines"), r.err());
    }

    @Test
    void moveOntoAnExistingFileIsAConflict() throws Exception {
        t.ok("write", "a", "--description", "d", "--body", "a");
        t.ok("write", "b", "--description", "d", "--body", "b");
        Run r = t.ctx("mv", "a", "b");
        assertEquals(5, r.exit());
    }

    @Test
    void uncommittedEditsAreNeverOverwrittenNorSweptUp() throws Exception {
        t.ok("write", "a", "--description", "d", "--body", "a");
        Files.writeString(repo.resolve("a.md"), "my own edit\n");
        Files.writeString(repo.resolve("scratch.md"), "untracked\n");
        String h = head();
        Run r = t.ctx("append", "a", "agent text");
        assertEquals(5, r.exit(), r::toString);
        assertTrue(r.err().contains("uncommitted changes"), r.err());
        assertEquals(h, head());
        assertEquals("my own edit\n", Files.readString(repo.resolve("a.md")));
        t.ok("remember", "unrelated fact");
        assertEquals("my own edit\n", Files.readString(repo.resolve("a.md")));
        String changed = t.git(repo, "show", "--name-only", "--format=", "HEAD");
        assertEquals("system/notes.md\n", changed, "the commit holds only the remembered block");
        assertTrue(t.git(repo, "status", "--porcelain").contains("?? scratch.md"));
    }

    @Test
    void readOnlyFilesAreRefused() throws Exception {
        Files.writeString(repo.resolve("policy.md"), "---\ndescription: team policy\nread_only: true\n---\nNo force pushes.\n");
        t.git(repo, "add", "policy.md");
        t.git(repo, "commit", "-qm", "policy");
        String h = head();
        for (String[] args : new String[][] {{"append", "policy", "x"}, {"write", "policy", "--body", "x"}, {"describe", "policy", "x"},
            {"forget", "policy"}, {"mv", "policy", "other"}, {"replace", "policy", "--old", "No", "--new", "Yes"}}) {
            Run r = t.ctx(args);
            assertEquals(4, r.exit(), () -> String.join(" ", args) + " " + r);
            assertTrue(r.err().contains("read_only"), r.err());
        }
        assertEquals(h, head());
    }

    @Test
    void limitsAndTheSystemBudgetAreEnforced() throws Exception {
        String h = head();
        Run big = t.ctx("write", "big", "--description", "d", "--body", "x".repeat(5001));
        assertEquals(4, big.exit());
        assertTrue(big.err().contains("limit"), big.err());
        Files.writeString(repo.resolve("ctx.yaml"), Files.readString(repo.resolve("ctx.yaml")).replace("budget_chars: 20000", "budget_chars: 400"));
        t.git(repo, "commit", "-qam", "tighter budget");
        h = head();
        Run budget = t.ctx("write", "system/extra", "--description", "d", "--body", "y".repeat(300));
        assertEquals(4, budget.exit());
        assertTrue(budget.err().contains("budget"), budget.err());
        assertEquals(h, head());
        t.ok("write", "extra", "--description", "on demand is fine", "--body", "y".repeat(300));
    }

    @Test
    void pathsOutsideTheRepositoryAreRefused() throws Exception {
        String h = head();
        assertEquals(4, t.ctx("write", "../escape", "--description", "d", "--body", "x").exit());
        assertEquals(4, t.ctx("write", "/etc/passwd", "--description", "d", "--body", "x").exit());
        assertEquals(4, t.ctx("write", "a/../../x", "--description", "d", "--body", "x").exit());
        assertEquals(4, t.ctx("write", ".git/config", "--description", "d", "--body", "x").exit());
        assertEquals(4, t.ctx("write", "ctx.yaml", "--description", "d", "--body", "x").exit());
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(repo.resolve("linked"), outside);
        Run r = t.ctx("write", "linked/x", "--description", "d", "--body", "x");
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("symbolic link"), r.err());
        assertFalse(Files.exists(outside.resolve("x.md")));
        assertEquals(h, head());
    }

    @Test
    void symlinkFilesInTheRepositoryAreNotFollowed() throws Exception {
        Path secret = tmp.resolve("secret.md");
        Files.writeString(secret, "---\ndescription: s\n---\nsecret\n");
        Files.createSymbolicLink(repo.resolve("evil.md"), secret);
        t.git(repo, "add", "evil.md");
        t.git(repo, "commit", "-qm", "link");
        Run r = t.ctx("append", "evil", "x");
        assertEquals(4, r.exit(), r::toString);
        assertEquals("---\ndescription: s\n---\nsecret\n", Files.readString(secret));
        assertEquals(4, t.ctx("show", "evil").exit());
    }

    @Test
    void invalidUtf8AndBinaryInputAreRefused() throws Exception {
        String h = head();
        Path bad = tmp.resolve("bad.bin");
        Files.write(bad, new byte[] {'o', 'k', (byte) 0xff, (byte) 0xfe});
        Run r = t.ctx("write", "x", "--description", "d", "--body-file", bad.toString());
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("UTF-8"), r.err());
        Files.write(bad, new byte[] {'a', 0, 'b'});
        Run nul = t.ctx("write", "x", "--description", "d", "--body-file", bad.toString());
        assertEquals(4, nul.exit());
        assertTrue(nul.err().contains("NUL"), nul.err());
        assertEquals(4, t.ctx("append", "system/human", "a\u0000b").exit());
        assertEquals(h, head());
    }

    @Test
    void yamlBombsInAFileAreRefusedQuickly() throws Exception {
        StringBuilder bomb = new StringBuilder("---\ndescription: d\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'i'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            bomb.append("]\n");
            prev = c;
        }
        bomb.append("---\nbody\n");
        Files.writeString(repo.resolve("bomb.md"), bomb.toString());
        t.git(repo, "add", "bomb.md");
        t.git(repo, "commit", "-qm", "bomb");
        String h = head();
        long start = System.nanoTime();
        Run r = t.ctx("append", "bomb", "x");
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("bomb.md"), r.err());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "refused without expanding the aliases");
        assertEquals(h, head());
    }

    @Test
    void oversizedFrontMatterIsRefused() throws Exception {
        Files.writeString(repo.resolve("huge.md"), "---\ndescription: d\nx: \"" + "y".repeat(70_000) + "\"\n---\nbody\n");
        t.git(repo, "add", "huge.md");
        t.git(repo, "commit", "-qm", "huge");
        Run r = t.ctx("append", "huge", "x");
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("front-matter"), r.err());
    }

    @Test
    void likelySecretsAreRefusedWithoutEchoingThem() throws Exception {
        String h = head();
        String token = "ghp_" + "R8mZq2VfL0aXc7TnB4kW9sHdE1uJ6yPo3QiG";
        String pem = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aumZqDRLbD\n-----END RSA PRIVATE KEY-----";
        for (String[] args : new String[][] {{"remember", "deploy token " + token}, {"write", "k", "--description", "d", "--body", pem},
            {"describe", "system/human", "key " + token}}) {
            Run r = t.ctx(args);
            assertEquals(4, r.exit(), r::toString);
            assertTrue(r.err().contains("secret"), r.err());
            assertFalse(r.err().contains(token.substring(4)), "the secret itself is never printed");
        }
        assertEquals(h, head());
        assertEquals("", t.git(repo, "status", "--porcelain"));
    }

    @Test
    void jsonOutputIsVersionedAndErrorsAreJsonOnStderr() throws Exception {
        Run r = t.ok("--json", "remember", "fact one");
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertEquals(1, n.get("schema_version").asInt());
        assertEquals("remember", n.get("command").asText());
        assertEquals(head(), n.get("data").get("commit").asText());
        Run bad = t.ctx("show", "nope", "--json");
        assertEquals(3, bad.exit());
        assertEquals("", bad.out());
        JsonNode e = new ObjectMapper().readTree(bad.err());
        assertEquals(3, e.get("error").get("exit").asInt());
        assertEquals("not_found", e.get("error").get("kind").asText());
    }

    @Test
    void showAtARevisionAndUnknownRevisions() throws Exception {
        t.ok("write", "v", "--description", "d", "--body", "one");
        String first = head();
        t.ok("write", "v", "--body", "two");
        assertTrue(t.ok("show", "v", "--at", first).out().contains("one"));
        assertTrue(t.ok("show", "v").out().contains("two"));
        Run r = t.ctx("show", "v", "--at", "nosuchrev");
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("unknown revision"), r.err());
    }

    @Test
    void listShowsTreeDescriptionsAndFiltersByKind() throws Exception {
        t.ok("write", "skills/deploy/SKILL", "--description", "How to deploy", "--body", "Run make deploy.");
        t.ok("write", "archive/old", "--description", "Retired", "--body", "old");
        String all = t.ok("list").out();
        assertTrue(all.contains("human.md — What the agent knows"), all);
        assertTrue(all.contains("[pinned"), all);
        String skills = t.ok("list", "--kind", "skill").out();
        assertTrue(skills.contains("SKILL.md — How to deploy") && !skills.contains("human.md"), skills);
        assertTrue(Files.readString(repo.resolve("skills/deploy/SKILL.md")).startsWith("---\nname: deploy\ndescription: How to deploy\n"));
        assertEquals(2, t.ctx("list", "--kind", "nonsense").exit());
        assertTrue(t.ok("list", "system").out().contains("persona.md"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = t.ctx("remember", "--nope", "x");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("ctx: "), r.err());
    }

    @Test
    void bodyTextIsStoredByteForByte() throws Exception {
        String unicode = "naïve café — 日本語 🚀\n\ttab\n";
        t.ok("write", "u", "--description", "d", "--body", unicode);
        assertEquals(unicode, t.ok("--json", "show", "u").out().isEmpty() ? null
                : new ObjectMapper().readTree(t.ok("--json", "show", "u").out()).get("data").get("body").asText());
        byte[] raw = Files.readAllBytes(repo.resolve("u.md"));
        assertTrue(new String(raw, StandardCharsets.UTF_8).endsWith(unicode));
    }
}
