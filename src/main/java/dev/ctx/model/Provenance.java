package dev.ctx.model;

/**
 * Who made a change and why: recorded in every commit's trailers so memory stays auditable.
 * {@code agent} and {@code session} may be null when unknown; {@code reason} is optional.
 */
public record Provenance(String agent, String session, String reason) {

    public Provenance {
        agent = clean(agent);
        session = clean(session);
        reason = clean(reason);
    }

    public static Provenance of(String agent, String session, String reason) {
        return new Provenance(agent, session, reason);
    }

    public Provenance withReason(String r) {
        return new Provenance(agent, session, r);
    }

    /**
     * Trailers are single lines: collapse line breaks and every other control character (an ESC would reach
     * terminals through 'git log') so a reason can never forge another trailer.
     */
    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]+", " ").trim();
        return t.isEmpty() ? null : t;
    }
}
