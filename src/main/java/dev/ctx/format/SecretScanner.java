package dev.ctx.format;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds likely credentials in text: private keys, cloud and SaaS tokens, JWTs and high-entropy values
 * assigned to secret-looking names. Each pattern is specific (a fixed prefix, a fixed length, or an
 * entropy test) so ordinary prose, commit hashes, UUIDs and placeholders such as {@code sk-...} pass.
 * The list is documented in docs/format.md ("Secret patterns"); keep the two in step.
 *
 * <p>Every quantifier is bounded, so a scan is linear in the text even for adversarial input.
 */
public final class SecretScanner {

    /** A likely secret: the 1-based line it starts on, its kind, and a masked form that never shows the secret. */
    public record Match(int line, String kind, String masked) {
        public Match {
            if (line < 1 || kind == null || masked == null) {
                throw new IllegalArgumentException("line >= 1, kind and masked are required");
            }
        }
    }

    /**
     * One pattern. {@code group} is the capture group holding the secret (0: the whole match);
     * {@code visible} is how many leading characters of the secret are a public prefix that may be shown.
     */
    private record Rule(String kind, Pattern pattern, int group, int visible, Predicate<String> accept, List<String> hints) {
        /** Cheap pre-filter: a rule runs only on text holding one of its literal hints (on all text when it has none). */
        boolean mayMatch(String text) {
            return hints.isEmpty() || hints.stream().anyMatch(text::contains);
        }
    }

    /** A match located in the text, before masking. */
    private record Span(int start, int end, int priority, String kind, int visible) {
    }

    private static final String NOT_TOKEN_BEFORE = "(?<![A-Za-z0-9_\\-])";
    private static final String NOT_TOKEN_AFTER = "(?![A-Za-z0-9_\\-])";

    /** Values people write where a secret would go; never reported. */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i).*(example|sample|dummy|placeholder|changeme|change_me|your[_\\-]?|redacted|xxxx|\\*\\*\\*|\\.\\.\\.|<|>|\\$\\{|\\{\\{|%\\(|process\\.env|os\\.environ|getenv).*");

    /** The signature of the example token on jwt.io, quoted in countless docs. */
    private static final String JWT_IO_EXAMPLE_SIGNATURE = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Token bodies are possessive ({@code {m,n}+}): a run is taken whole or not at all, never re-scanned. */
    private static Pattern token(String body) {
        return Pattern.compile(NOT_TOKEN_BEFORE + "(" + body + ")" + NOT_TOKEN_AFTER);
    }

    private static final List<Rule> RULES = List.of(
            new Rule("private-key", Pattern.compile(
                    "-----BEGIN ((?:RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----"
                            + "(?:\\r?\\n[A-Za-z-]{1,40}:[^\\n]{0,200}){0,10}(?:\\r?\\n)+[ \\t]*[A-Za-z0-9+/=]{32,}+"
                            + "(?:[\\s\\S]{0,65536}?-----END [A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----)?"),
                    0, 0, s -> true, List.of("PRIVATE KEY")),
            new Rule("aws-access-key-id", token("(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}+"),
                    1, 4, s -> !s.endsWith("EXAMPLE"), List.of("AKIA", "ASIA", "ABIA", "ACCA")),
            new Rule("aws-secret-access-key", Pattern.compile(
                    "(?i)aws[_\\-]?secret[_\\-]?(?:access[_\\-]?)?key[\"']?\\s{0,5}[:=]\\s{0,5}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
                    1, 0, SecretScanner::notPlaceholder, List.of()),
            new Rule("github-token", token("gh[pousr]_[A-Za-z0-9]{36,255}+|github_pat_[A-Za-z0-9_]{50,255}+"),
                    1, 4, SecretScanner::randomLooking, List.of("gh", "github_pat_")),
            new Rule("gitlab-token", token("glpat-[A-Za-z0-9_\\-]{20,64}+"),
                    1, 6, SecretScanner::randomLooking, List.of("glpat-")),
            new Rule("slack-token", token("xox[abprs]-[0-9]{6,20}+-[A-Za-z0-9\\-]{8,200}+"),
                    1, 5, SecretScanner::notPlaceholder, List.of("xox")),
            new Rule("stripe-key", token("(?:sk|rk)_live_[A-Za-z0-9]{20,255}+"),
                    1, 8, SecretScanner::randomLooking, List.of("_live_")),
            new Rule("anthropic-api-key", token("sk-ant-[A-Za-z0-9_\\-]{32,255}+"),
                    1, 7, SecretScanner::randomLooking, List.of("sk-ant-")),
            new Rule("openai-api-key", token("sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\\-]{32,255}+"),
                    1, 3, SecretScanner::randomLooking, List.of("sk-")),
            new Rule("google-api-key", token("AIza[0-9A-Za-z_\\-]{35}"),
                    1, 4, SecretScanner::notPlaceholder, List.of("AIza")),
            // The password of a connection URL; the user name, host and database around it are not secret.
            new Rule("connection-string", Pattern.compile(
                    "(?i)\\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|couchdbs?|clickhouse|ldaps?|smtps?|ftps?)"
                            + "://[^\\s:/@]{0,128}+:([^\\s/@]{1,256}+)@"),
                    1, 0, SecretScanner::connectionPassword, List.of("://")),
            new Rule("jwt", token("eyJ[A-Za-z0-9_\\-]{10,4096}+\\.eyJ[A-Za-z0-9_\\-]{10,8192}+\\.[A-Za-z0-9_\\-]{16,4096}+"),
                    1, 3, s -> !s.endsWith(JWT_IO_EXAMPLE_SIGNATURE), List.of("eyJ")),
            // The key may carry any prefix (DB_PASSWORD, github_token) and a suffix after a separator (secret_key), except a suffix
            // naming something that is not the secret itself (token_file, secret_name, password_env).
            new Rule("generic-secret", Pattern.compile(
                    "(?i)(?:password|passwd|secret|token|api[_\\-]?key|access[_\\-]?key|private[_\\-]?key|auth[_\\-]?key)"
                            + "(?:[_.\\-][A-Za-z0-9_.\\-]{0,40}+)?"
                            + "(?<![_.\\-](?:name|file|path|id|url|uri|env|var|type|dir|count|size|len|length|header|endpoint|ttl|expiry))"
                            + "[\"']?\\s{0,5}(?::=|:|=)\\s{0,5}"
                            + "(?:([\"'])([^\"'\\s]{12,512}+)\\1|([A-Za-z0-9+/_\\-]{16,512}+={0,2})(?=[\\s,;)`]|$))"),
                    -1, 0, SecretScanner::highEntropyValue, List.of()));

    public SecretScanner() {
    }

    /** Every likely secret in the text, in order of position. */
    public List<Match> scan(String text) {
        List<Match> out = new ArrayList<>();
        for (Span s : spans(text)) {
            out.add(new Match(lineAt(text, s.start()), s.kind(), mask(text.substring(s.start(), s.end()), s.visible())));
        }
        return out;
    }

    /** The text with each likely secret replaced by {@code [REDACTED:<kind>]}; names around it (such as the key of an assignment) stay. */
    public String redact(String text) {
        List<Span> spans = spans(text);
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int pos = 0;
        for (Span s : spans) {
            sb.append(text, pos, s.start()).append("[REDACTED:").append(s.kind()).append(']');
            pos = s.end();
        }
        return sb.append(text, pos, text.length()).toString();
    }

    /** Non-overlapping spans; where two overlap, the earlier one wins, then the more specific pattern. */
    private static List<Span> spans(String text) {
        List<Span> all = new ArrayList<>();
        for (int p = 0; p < RULES.size(); p++) {
            Rule r = RULES.get(p);
            if (!r.mayMatch(text)) {
                continue;
            }
            Matcher m = r.pattern().matcher(text);
            while (m.find()) {
                int g = r.group() >= 0 ? r.group() : (m.group(2) != null ? 2 : 3);
                String secret = m.group(g);
                if (secret != null && r.accept().test(secret)) {
                    all.add(new Span(m.start(g), m.end(g), p, r.kind(), r.visible()));
                }
            }
        }
        all.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::priority));
        List<Span> out = new ArrayList<>();
        int end = -1;
        for (Span s : all) {
            if (s.start() >= end) {
                out.add(s);
                end = s.end();
            }
        }
        return out;
    }

    private static String mask(String secret, int visible) {
        if (secret.startsWith("-----BEGIN")) {
            int close = secret.indexOf("-----", 10);
            return secret.substring(0, close + 5) + "****";
        }
        int shown = Math.min(visible, secret.length() / 2);
        return secret.substring(0, shown) + "*".repeat(Math.min(secret.length() - shown, 32));
    }

    private static int lineAt(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean notPlaceholder(String s) {
        return !PLACEHOLDER.matcher(s).matches();
    }

    /** A token body that is not a placeholder such as {@code sk-xxxxxxxx...} or {@code ghp_your_token_here}. */
    private static boolean randomLooking(String s) {
        return notPlaceholder(s) && hasDigit(s) && hasLetter(s) && entropy(s) >= 3.0;
    }

    /** The value of a {@code password = "..."} style assignment: long, mixed, high entropy, and no known look-alike. */
    private static boolean highEntropyValue(String s) {
        if (!notPlaceholder(s) || UUID.matcher(s).matches() || s.toLowerCase(Locale.ROOT).startsWith("http")) {
            return false;
        }
        long separators = s.chars().filter(c -> c == '-' || c == '_' || c == '/' || c == '.').count();
        if (separators >= 2 && s.chars().noneMatch(Character::isUpperCase)) {
            return false; // lowercase words joined by separators: an identifier or a path (bert-base-uncased-v2, /run/secrets/db)
        }
        return hasDigit(s) && hasLetter(s) && entropy(s) >= 3.5;
    }

    /** A URL password that is not a placeholder ({@code user:password@}, {@code :${DB_PASS}@}, {@code :$PW@}). */
    private static boolean connectionPassword(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return notPlaceholder(s) && !s.startsWith("$") && !s.startsWith("%") && !s.chars().allMatch(c -> c == '*' || c == 'x' || c == 'X')
                && !List.of("password", "passwd", "pass", "pwd", "pw", "secret").contains(l);
    }

    private static boolean hasDigit(String s) {
        return s.chars().anyMatch(Character::isDigit);
    }

    private static boolean hasLetter(String s) {
        return s.chars().anyMatch(Character::isLetter);
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        double n = s.length();
        for (int c : counts) {
            if (c > 0) {
                double p = c / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other > 0) {
            double p = other / n;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }
}
