package dev.ctx.model;

/**
 * The one checked exception of ctx: something the user can act on. The message is a single line that
 * says what failed, why, and what to do; the {@link Problem} decides the exit status.
 */
public class CtxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    public CtxException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public CtxException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static CtxException notFound(String message) {
        return new CtxException(Problem.NOT_FOUND, message);
    }

    public static CtxException refused(String message) {
        return new CtxException(Problem.REFUSED, message);
    }

    public static CtxException conflict(String message) {
        return new CtxException(Problem.CONFLICT, message);
    }

    public static CtxException io(String message, Throwable cause) {
        return new CtxException(Problem.IO, message, cause);
    }
}
