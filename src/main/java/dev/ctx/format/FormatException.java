package dev.ctx.format;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;

/** A file that breaks the format: carries the 1-based line and the rule name used in findings. */
public final class FormatException extends CtxException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String rule;

    public FormatException(int line, String rule, String message) {
        super(Problem.REFUSED, message);
        this.line = line;
        this.rule = rule;
    }

    public int line() {
        return line;
    }

    public String rule() {
        return rule;
    }
}
