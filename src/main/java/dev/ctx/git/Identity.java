package dev.ctx.git;

import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.PersonIdent;

/** A commit author or committer: name, email and time (UTC). */
public record Identity(String name, String email, Instant when) {
    public Identity {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("identity needs a name");
        }
        email = email == null ? "" : email;
    }

    PersonIdent toJGit() {
        return new PersonIdent(name, email, when, ZoneOffset.UTC);
    }
}
