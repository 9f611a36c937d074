package dev.ctx.skills;

import dev.ctx.support.TestRepo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.Daemon;

/**
 * A team's skills repository for tests: a checkout ({@link #work}) holding a copy of skills-examples/, its bare
 * repository ({@link #bare}) served read-write on 127.0.0.1 by JGit's git daemon ({@link #url}), and a
 * context repository ({@link #mem}) with the daemon configured as remote {@code team}.
 */
final class SkillsRepoFixture implements AutoCloseable {
    static final Path EXAMPLES = Path.of("skills-examples");
    private static final PersonIdent UPSTREAM = new PersonIdent("upstream", "upstream@example.com",
            TestRepo.EPOCH, java.time.ZoneOffset.UTC);

    final TestRepo t;
    final Path work;
    final Path bare;
    final Path mem;
    private Daemon daemon;
    String url;

    SkillsRepoFixture(Path tmp) throws Exception {
        t = new TestRepo(tmp);
        work = tmp.resolve("skills-work");
        bare = tmp.resolve("skills.git");
        copyTree(EXAMPLES, work);
        try (Git g = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            g.add().addFilepattern(".").call();
            g.commit().setMessage("skills").setAuthor(UPSTREAM).setCommitter(UPSTREAM).call();
        }
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        try (Git g = Git.open(work.toFile())) {
            g.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(bare.toString())).call();
        }
        t.ok("init", "mem");
        mem = t.dir.resolve("mem");
    }

    /** Serves {@link #bare} as git://127.0.0.1:PORT/skills.git (fetch and push) and configures it as remote 'team'. */
    SkillsRepoFixture serve() throws Exception {
        daemon = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon.getService("git-receive-pack").setEnabled(true);
        daemon.setRepositoryResolver((client, name) -> {
            if (!name.equals("/skills.git") && !name.equals("skills.git")) {
                throw new RepositoryNotFoundException(name);
            }
            try {
                Repository r = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
                r.getConfig().setBoolean("daemon", null, "receivepack", true);
                return r;
            } catch (IOException e) {
                throw new RepositoryNotFoundException(name, e);
            }
        });
        daemon.start();
        url = "git://127.0.0.1:" + daemon.getAddress().getPort() + "/skills.git";
        try (Git g = Git.open(mem.toFile())) {
            g.getRepository().getConfig().setString("remote", "team", "url", url);
            g.getRepository().getConfig().save();
        }
        return this;
    }

    /** Edits a file of the checkout, commits it as upstream and pushes it to the bare repository. */
    String upstreamCommit(String path, java.util.function.UnaryOperator<String> edit, String message) throws Exception {
        Path f = work.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, edit.apply(Files.exists(f) ? Files.readString(f) : ""), StandardCharsets.UTF_8);
        try (Git g = Git.open(work.toFile())) {
            g.add().addFilepattern(".").call();
            String id = g.commit().setMessage(message).setAuthor(UPSTREAM).setCommitter(UPSTREAM).call().name();
            g.push().setRemote("origin").add("main").call();
            return id;
        }
    }

    /** Edits a file of the context repository's working tree and commits it as a person would with git. */
    void localCommit(String path, java.util.function.UnaryOperator<String> edit) throws Exception {
        Path f = mem.resolve(path);
        Files.writeString(f, edit.apply(Files.readString(f)), StandardCharsets.UTF_8);
        try (Git g = Git.open(mem.toFile())) {
            g.add().addFilepattern(path).call();
            g.commit().setMessage("local edit of " + path).setAuthor(UPSTREAM).setCommitter(UPSTREAM).call();
        }
    }

    TestRepo.Run ctx(String... args) {
        return t.ctxIn(mem, "", args);
    }

    String head() throws IOException {
        try (Git g = Git.open(mem.toFile())) {
            return g.getRepository().resolve("HEAD").name();
        }
    }

    String read(String path) throws IOException {
        return Files.readString(mem.resolve(path));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.stop();
        }
    }
}
