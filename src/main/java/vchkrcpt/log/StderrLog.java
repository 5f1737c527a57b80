package vchkrcpt.log;

import java.io.PrintStream;

/** Lines to the SMTP service's log (multilog adds the time stamp), prefixed {@code vchkrcpt: }. */
public final class StderrLog implements DecisionLog {
    private static final byte[] PREFIX = {'v', 'c', 'h', 'k', 'r', 'c', 'p', 't', ':', ' '};

    private final PrintStream err;

    public StderrLog(PrintStream err) {
        this.err = err;
    }

    @Override
    public void write(byte[] line) {
        // Raw bytes: a PrintStream in the C locale would turn UTF-8 into '?'.
        err.write(PREFIX, 0, PREFIX.length);
        err.write(line, 0, line.length);
        err.write('\n');
        err.flush();
    }
}
