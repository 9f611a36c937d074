package dev.ctx.recall;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;

/** A file that cannot be read as a transcript at all (as opposed to a bad line, which is skipped and counted). */
public class RecallException extends CtxException {
    private static final long serialVersionUID = 1L;

    public RecallException(String message) {
        super(Problem.REFUSED, message);
    }

    public RecallException(Problem problem, String message, Throwable cause) {
        super(problem, message, cause);
    }
}
