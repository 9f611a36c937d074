package dev.ctx.dream;

import dev.ctx.model.CtxException;

/**
 * One pass of a dream: reads the memory as the previous pass left it and says what it would change. The
 * deterministic passes are pure functions of the memory; the model and agent passes reach outside (an
 * endpoint, a process) but answer the same way. A pass never commits: the dream does, then checks.
 */
public interface Pass {
    /** The Ctx-Pass trailer value and the name {@code --passes} takes. */
    String name();

    PassChange run(Memory memory) throws CtxException;

    /** Whether the checks may drop single files of this pass rather than the whole pass (a model's edits are independent). */
    default boolean dropsPerFile() {
        return false;
    }
}
