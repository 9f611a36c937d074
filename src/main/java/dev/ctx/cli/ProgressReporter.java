package dev.ctx.cli;

import dev.ctx.model.Progress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How a command shows the progress of long work, always on stderr: a progress bar when stderr is the
 * process's terminal, a plain line per quarter of the work otherwise (logs, CI, tests), nothing with --json
 * (stdout is a document and stderr is for errors).
 */
final class ProgressReporter {
    private ProgressReporter() {
    }

    static Progress of(Env env, GlobalOptions global) {
        if (global.json()) {
            return Progress.NONE;
        }
        // System.console() is non-null only when the process has a terminal; the run's stderr must be the process's.
        boolean terminal = env.err() == System.err && System.console() != null;
        return terminal ? new Bar(env.err()) : new Lines(env.err());
    }

    /** A bar drawn by the progressbar library. */
    private static final class Bar implements Progress {
        private final PrintStream err;
        private ProgressBar bar;

        Bar(PrintStream err) {
            this.err = err;
        }

        @Override
        public void begin(String task, long total) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total > 0 ? total : -1)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err)).build();
        }

        @Override
        public void advance(long by) {
            if (bar != null) {
                bar.stepBy(by);
            }
        }

        @Override
        public void end() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** "task: 25/100", a line at each quarter and at the end: readable in a log, not one line per step; none for one item. */
    private static final class Lines implements Progress {
        private final PrintStream err;
        private String task;
        private long total;
        private long done;
        private int quarter;

        Lines(PrintStream err) {
            this.err = err;
        }

        @Override
        public void begin(String t, long n) {
            task = t;
            total = n;
            done = 0;
            quarter = 0;
        }

        @Override
        public void advance(long by) {
            done += by;
            if (total > 0 && done < total && done * 4 / total > quarter) {
                quarter = (int) (done * 4 / total);
                err.println(task + ": " + done + "/" + total);
            }
        }

        @Override
        public void end() {
            // one item has no progress to show; its outcome (or its one error line) says it all
            if (task != null && done > 0 && total != 1) {
                err.println(task + ": " + done + (total > 0 ? "/" + total : "") + " done");
            }
            task = null;
        }
    }
}
