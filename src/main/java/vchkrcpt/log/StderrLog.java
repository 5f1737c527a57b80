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
        // One write(2) per line: every qmail-smtpd of the service shares one pipe to multilog, and
        // only a single write of up to PIPE_BUF bytes cannot be split by another process's line.
        // Raw bytes: a PrintStream in the C locale would turn UTF-8 into '?'.
        byte[] whole = new byte[PREFIX.length + line.length + 1];
        System.arraycopy(PREFIX, 0, whole, 0, PREFIX.length);
        System.arraycopy(line, 0, whole, PREFIX.length, line.length);
        whole[whole.length - 1] = '\n';
        err.write(whole, 0, whole.length);
        err.flush();
    }
}
