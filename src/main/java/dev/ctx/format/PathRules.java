package dev.ctx.format;

import dev.ctx.model.RepoPath;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a path must meet before ctx writes a file there (docs/format.md, "Path rules"). They are
 * stricter than {@link RepoPath}, which must still accept whatever a person committed so it can be read:
 * these only guard what ctx itself creates. Each rule exists because its violation broke something real:
 * a name too long for the file system wedged the working tree, a control character forged commit trailers
 * and terminal output, a reserved or case-colliding name breaks checkouts on Windows and macOS.
 */
public final class PathRules {
    /** Bytes (UTF-8) of one path segment: well under the 255 of ext4/APFS/NTFS, leaving room for editors' backup names. */
    public static final int MAX_SEGMENT_BYTES = 128;
    /** Bytes (UTF-8) of a whole path: keeps a clone under Windows' 260-character MAX_PATH from a short folder. */
    public static final int MAX_PATH_BYTES = 200;

    private static final Set<String> WINDOWS_RESERVED = Set.of("CON", "PRN", "AUX", "NUL",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    /** Characters Windows refuses in file names (besides control characters and the separators). */
    private static final String WINDOWS_FORBIDDEN = "<>:\"|?*";

    private static final SecretScanner SECRETS = new SecretScanner();

    private PathRules() {
    }

    /** Why ctx must not create {@code path}, as one line naming the path safely; empty when it may. */
    public static Optional<String> violation(RepoPath path) {
        String v = path.value();
        // First, so that no other message below repeats the secret.
        String spaced = v.replace('/', ' ').replace('.', ' ');
        List<SecretScanner.Match> secret = SECRETS.scan(spaced);
        if (!secret.isEmpty()) {
            return Optional.of("path '" + printable(SECRETS.redact(spaced)).replace(' ', '/') + "' contains a likely secret ("
                    + secret.get(0).kind() + ", " + secret.get(0).masked() + "); file names reach history, so choose another name");
        }
        String shown = printable(v);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return Optional.of("path '" + shown + "' contains a control character or line break; use printable characters");
            }
            if (c == '\uFFFD' || Character.isSurrogate(c) && !validSurrogate(v, i)) {
                return Optional.of("path '" + shown + "' contains an undecodable character; give the name in UTF-8");
            }
        }
        if (v.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return Optional.of("path '" + shorten(shown) + "' is longer than " + MAX_PATH_BYTES + " bytes; choose a shorter path");
        }
        for (String seg : path.segments()) {
            if (seg.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return Optional.of("name '" + shorten(printable(seg)) + "' is longer than " + MAX_SEGMENT_BYTES + " bytes; choose a shorter name");
            }
            if (seg.startsWith(".")) {
                return Optional.of(shown + " is a hidden path ('" + printable(seg) + "'); memory lives in visible markdown files");
            }
            if (seg.endsWith(".") || seg.endsWith(" ") || seg.startsWith(" ")) {
                return Optional.of("name '" + printable(seg) + "' in " + shown + " starts or ends with a space or ends with a dot; Windows cannot check it out");
            }
            int dot = seg.indexOf('.');
            String stem = (dot < 0 ? seg : seg.substring(0, dot)).toUpperCase(Locale.ROOT).strip();
            if (WINDOWS_RESERVED.contains(stem)) {
                return Optional.of("name '" + seg + "' in " + shown + " is reserved on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9); choose another name");
            }
            for (char c : WINDOWS_FORBIDDEN.toCharArray()) {
                if (seg.indexOf(c) >= 0) {
                    return Optional.of("name '" + seg + "' in " + shown + " contains '" + c + "', which Windows refuses in file names (" + WINDOWS_FORBIDDEN + ")");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The first path of {@code created} that differs only by letter case from another path (or folder) in
     * {@code all}, which holds every path of the resulting tree; empty when none does.
     */
    public static Optional<String> caseCollision(Collection<RepoPath> created, Collection<RepoPath> all) {
        Map<String, String> seen = new HashMap<>();
        for (RepoPath p : all) {
            prefixes(p).forEach(pre -> seen.putIfAbsent(pre.toLowerCase(Locale.ROOT), pre));
        }
        for (RepoPath p : created) {
            for (String pre : prefixes(p)) {
                String other = seen.get(pre.toLowerCase(Locale.ROOT));
                if (other != null && !other.equals(pre)) {
                    return Optional.of(printable(p.value()) + " differs from '" + printable(other)
                            + "' only by letter case; the two collide on macOS and Windows checkouts, so use the existing spelling");
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> prefixes(RepoPath p) {
        List<String> segs = p.segments();
        String[] out = new String[segs.size()];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < segs.size(); i++) {
            if (i > 0) {
                sb.append('/');
            }
            out[i] = sb.append(segs.get(i)).toString();
        }
        return List.of(out);
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /**
     * {@code s} with every control character (C0, DEL, C1) and line separator shown as {@code \xNN} or
     * {@code \\uNNNN}, so a hostile name can neither move a terminal's cursor nor start a new line in a
     * commit message or an error line.
     */
    public static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (bad && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (!bad) {
                    sb.append(c);
                } else if (c < 0x100) {
                    sb.append(String.format("\\x%02x", (int) c));
                } else {
                    sb.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
