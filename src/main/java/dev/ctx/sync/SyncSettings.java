package dev.ctx.sync;

import dev.ctx.format.CtxConfig;
import dev.ctx.model.CtxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sync:} section of ctx.yaml: {@code interval} (how often the resident server syncs in the
 * background: {@code 30s}, {@code 5m}, {@code 1h}; absent or {@code off}: never), {@code remote} (which
 * remote it syncs with) and {@code token_env} (the variable holding an HTTPS token).
 */
public record SyncSettings(Optional<Duration> interval, String remote, String tokenVariable) {
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern SPAN = Pattern.compile("(\\d+)\\s*(s|m|h)?");

    public static SyncSettings of(CtxConfig config) throws CtxException {
        Map<String, Object> s = config.section("sync");
        Object remote = s.get("remote");
        Object token = s.get("token_env");
        return new SyncSettings(interval(s.get("interval")), remote == null ? null : String.valueOf(remote), token == null ? null : String.valueOf(token));
    }

    static Optional<Duration> interval(Object v) throws CtxException {
        if (v == null || "off".equals(String.valueOf(v)) || Boolean.FALSE.equals(v)) {
            return Optional.empty();
        }
        Matcher m = SPAN.matcher(String.valueOf(v).trim());
        if (!m.matches()) {
            throw CtxException.refused("ctx.yaml sync.interval is '" + v + "': give a span such as 30s, 5m or 1h, or off");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(MIN_INTERVAL) < 0) {
            throw CtxException.refused("ctx.yaml sync.interval is " + v + ", under the least of " + MIN_INTERVAL.toSeconds() + "s; give a longer span, or off");
        }
        return Optional.of(d);
    }
}
