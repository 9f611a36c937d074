package dev.ctx.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets are assembled at run time ("AK" + "IA" ...) so this source file itself holds no string a secret
 * scanner (ours, or a git host's push protection) would flag.
 */
class SecretScannerTest {
    private final SecretScanner scanner = new SecretScanner();

    private static String random(String alphabet, int n, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static final String B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String B64 = B62 + "+/";
    private static final String URLSAFE = B62 + "-_";

    static String pem(String type) {
        String label = type.isEmpty() ? "PRIVATE KEY" : type + " PRIVATE KEY";
        return "-----" + "BEGIN " + label + "-----\n" + random(B64, 64, 1) + "\n" + random(B64, 64, 2) + "\n"
                + random(B64, 20, 3) + "==\n-----" + "END " + label + "-----";
    }

    static Stream<Arguments> secrets() {
        return Stream.of(
                Arguments.of("private-key", pem("RSA")),
                Arguments.of("private-key", pem("EC")),
                Arguments.of("private-key", pem("OPENSSH")),
                Arguments.of("private-key", pem("DSA")),
                Arguments.of("private-key", pem("")),
                Arguments.of("private-key", "-----" + "BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n"
                        + random(B64, 64, 4) + "\n=abcd\n-----" + "END PGP PRIVATE KEY BLOCK-----"),
                Arguments.of("aws-access-key-id", "AK" + "IA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 5)),
                Arguments.of("aws-access-key-id", "AS" + "IA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 6)),
                Arguments.of("aws-secret-access-key", "aws_secret_access_key = " + random(B64, 40, 7)),
                Arguments.of("aws-secret-access-key", "AWS-SECRET-KEY: \"" + random(B64, 40, 32) + "\""),
                Arguments.of("github-token", "gh" + "p_" + random(B62, 36, 8)),
                Arguments.of("github-token", "gh" + "o_" + random(B62, 36, 9)),
                Arguments.of("github-token", "gh" + "s_" + random(B62, 36, 10)),
                Arguments.of("github-token", "gh" + "u_" + random(B62, 36, 11)),
                Arguments.of("github-token", "gh" + "r_" + random(B62, 36, 12)),
                Arguments.of("github-token", "github" + "_pat_" + random(B62, 22, 13) + "_" + random(B62, 59, 14)),
                Arguments.of("gitlab-token", "gl" + "pat-" + random(B62, 20, 15)),
                Arguments.of("slack-token", "xo" + "xb-" + random("0123456789", 12, 16) + "-" + random("0123456789", 13, 17)
                        + "-" + random(B62, 24, 18)),
                Arguments.of("slack-token", "xo" + "xp-" + random("0123456789", 11, 19) + "-" + random(B62, 30, 20)),
                Arguments.of("stripe-key", "sk" + "_live_" + random(B62, 24, 21)),
                Arguments.of("stripe-key", "rk" + "_live_" + random(B62, 24, 22)),
                Arguments.of("openai-api-key", "sk" + "-" + random(B62, 48, 23)),
                Arguments.of("openai-api-key", "sk" + "-proj-" + random(URLSAFE, 120, 24)),
                Arguments.of("anthropic-api-key", "sk" + "-ant-api03-" + random(URLSAFE, 93, 25) + "AA"),
                Arguments.of("google-api-key", "AI" + "za" + random(URLSAFE, 35, 26)),
                Arguments.of("jwt", "ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.ey" + "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
                        + random(URLSAFE, 43, 27)),
                Arguments.of("generic-secret", "DB_PASSWORD = \"" + random(B62 + "!#%", 20, 28) + "\""),
                Arguments.of("generic-secret", "\"api_key\": \"" + random(B62, 32, 29) + "\""),
                Arguments.of("generic-secret", "client_secret: " + random(B62, 32, 30)),
                Arguments.of("generic-secret", "auth_token='" + random(B62, 24, 31) + "'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void findsEachKindOfSecretOnItsLine(String kind, String secret) {
        String text = "# Notes\n\nThe deploy uses this:\n" + secret + "\nand nothing else.\n";
        List<SecretScanner.Match> found = scanner.scan(text);
        assertEquals(1, found.size(), () -> "found " + found);
        SecretScanner.Match m = found.get(0);
        assertEquals(kind, m.kind());
        assertEquals(4, m.line());
        assertTrue(m.masked().contains("****"), m.masked());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void neverShowsTheSecretAndRedactsIt(String kind, String secret) {
        String text = "before\n" + secret + "\nafter";
        SecretScanner.Match m = scanner.scan(text).get(0);
        String redacted = scanner.redact(text);
        assertTrue(redacted.contains("[REDACTED:" + kind + "]"), redacted);
        assertTrue(redacted.startsWith("before\n") && redacted.endsWith("\nafter"), redacted);
        assertTrue(scanner.scan(redacted).isEmpty(), redacted);
        int mid = secret.length() / 2;
        String body = secret.substring(mid, Math.min(secret.length(), mid + 12));
        assertFalse(m.masked().contains(body), m.masked());
        assertFalse(redacted.contains(body), redacted);
    }

    @Test
    void masksAnAccessKeyIdAsItsPrefixAndStars() {
        String id = "AK" + "IA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 40);
        assertEquals("AKIA****************", scanner.scan("key " + id).get(0).masked());
    }

    @Test
    void redactsOnlyTheValueOfAnAssignment() {
        String v = random(B62, 24, 41);
        assertEquals("password = \"[REDACTED:generic-secret]\"\n", scanner.redact("password = \"" + v + "\"\n"));
    }

    @Test
    void redactsAWholePrivateKeyBlock() {
        String text = "key:\n" + pem("RSA") + "\nend\n";
        assertEquals("key:\n[REDACTED:private-key]\nend\n", scanner.redact(text));
    }

    @Test
    void reportsEverySecretWithItsOwnLine() {
        String text = "a\n" + "gh" + "p_" + random(B62, 36, 50) + "\nb\nc " + "gl" + "pat-" + random(B62, 20, 51) + "\n";
        List<SecretScanner.Match> found = scanner.scan(text);
        assertEquals(List.of(2, 4), found.stream().map(SecretScanner.Match::line).toList());
        assertEquals(List.of("github-token", "gitlab-token"), found.stream().map(SecretScanner.Match::kind).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Coding agents forget everything between sessions; this is ordinary prose about tokens and passwords.",
        "commit 3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345\nAuthor: dev <dev@ctx>\n\n    Fix the token refresh",
        "Fixed in a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0 (sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08)",
        "session id: 123e4567-e89b-12d3-a456-426614174000",
        "token: 123e4567-e89b-12d3-a456-426614174000",
        "export OPENAI_API_KEY=sk-...",
        "OPENAI_API_KEY=sk-your-key-here-xxxxxxxxxxxxxxxxxxxxxxxx",
        "api_key = \"sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "token: ${{ secrets.GITHUB_TOKEN }}",
        "password = os.environ[\"DB_PASSWORD\"]",
        "password: \"<your password here>\"",
        "secret = \"changeme-changeme\"",
        "max_tokens: 4096",
        "token = getAccessTokenFromVault(config)",
        "See https://example.com/docs?api_key=YOUR_API_KEY for details",
        "The AWS example key AKIAIOSFODNN7EXAMPLE from the AWS docs",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
        "task-3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345abcdef",
        "Use `sk-ant-...` keys from the console; never commit them.",
        "```java\nString password = readPassword();\n```",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "slack_token = xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx",
        "tokenizer: bert-base-uncased-v1234567",
        "secret_name: \"my-app-secret-2024-prod\"",
        "password_file: /run/secrets/db_password_2024",
        "GITHUB_TOKEN_PATH=/home/user/.config/gh/Token1234567890",
        "aws_access_key_id = \"AKIAIOSFODNN7EXAMPLE\"",
    })
    void leavesLookAlikesAlone(String text) {
        assertEquals(List.of(), scanner.scan(text));
        assertEquals(text, scanner.redact(text));
    }

    @Test
    void scansAdversarialTextInLinearTime() {
        String longWord = "password_" + "a".repeat(300_000);
        String manyKeys = "token=".repeat(50_000);
        String manyBegins = ("-----" + "BEGIN RSA PRIVATE KEY-----\n").repeat(10_000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            scanner.scan(longWord);
            scanner.scan(manyKeys);
            scanner.scan(manyBegins);
        });
    }

    @Test
    void connectionUrlPasswordsAreFoundAndOnlyThePasswordIsRedacted() {
        String pw = "Hx7" + "qL2mV9tRz";
        for (String url : java.util.List.of("postgres://admin:" + pw + "@db.internal:5432/app", "postgresql://u:" + pw + "@h/db",
                "mysql://root:" + pw + "@10.0.0.5/shop", "mongodb+srv://svc:" + pw + "@cluster0.mongodb.net/db", "redis://:" + pw + "@cache:6379/0",
                "amqps://guest:" + pw + "@mq/vhost")) {
            java.util.List<SecretScanner.Match> m = scanner.scan("connect with " + url);
            org.junit.jupiter.api.Assertions.assertEquals(1, m.size(), url);
            org.junit.jupiter.api.Assertions.assertEquals("connection-string", m.get(0).kind(), url);
            String red = scanner.redact(url);
            org.junit.jupiter.api.Assertions.assertFalse(red.contains(pw), red);
            org.junit.jupiter.api.Assertions.assertTrue(red.contains("[REDACTED:connection-string]@"), red);
        }
    }

    @Test
    void connectionUrlsWithoutARealPasswordPass() {
        for (String url : java.util.List.of("postgres://user:password@localhost/db", "mysql://root:${DB_PASSWORD}@db/app",
                "redis://:$REDIS_PASSWORD@cache:6379", "postgres://localhost:5432/app", "mongodb://user@host/db",
                "postgres://user:****@host/db", "https://user:Hx7qL2mV9tRz@example.com/", "mysql://u:<password>@h/db")) {
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), scanner.scan(url), url);
        }
    }
}
