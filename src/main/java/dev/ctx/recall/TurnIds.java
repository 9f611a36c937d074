package dev.ctx.recall;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hands out turn ids for one session. A record's own uuid is used as is; a format without ids gets a hash of
 * the session id, the turn's time, role and raw (unredacted) text, plus the ordinal of that exact content
 * among its repeats. Content rather than position makes ids survive a file that starts later (an excerpt)
 * or a hand-edited markdown transcript; the repeat ordinal keeps identical turns apart.
 */
final class TurnIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,80}");

    private final String sessionId;
    private final Set<String> used = new HashSet<>();
    private final Map<String, Integer> repeats = new HashMap<>();

    TurnIds(String sessionId) {
        this.sessionId = sessionId;
    }

    static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** The record's own id if it is usable and new, otherwise a content hash; null when it was seen already. */
    String own(String recordId, Instant time, String role, String text) {
        if (isValid(recordId)) {
            return used.add(recordId) ? recordId : null;
        }
        return hashed(time, role, text);
    }

    String hashed(Instant time, String role, String text) {
        String content = sessionId + '\n' + (time == null ? "" : time.toString()) + '\n' + role + '\n' + text;
        int n = repeats.merge(content, 1, Integer::sum);
        String id = sha(content + '\n' + n);
        while (!used.add(id)) {
            id = sha(id);
        }
        return id;
    }

    private static String sha(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }
}
