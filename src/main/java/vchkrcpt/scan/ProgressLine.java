package vchkrcpt.scan;

import java.io.PrintWriter;

/** A progress line on stderr every few seconds, so a small installation never shows one. */
public final class ProgressLine {
    private static final long EVERY_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private long next = System.nanoTime() + EVERY_NANOS;

    /** @param err where to write, or {@code null} for silence */
    public ProgressLine(PrintWriter err) {
        this.err = err;
    }

    void domainsRead(int done, int total, long mailboxes) {
        if (err == null || System.nanoTime() < next) {
            return;
        }
        next = System.nanoTime() + EVERY_NANOS;
        err.println("vchkrcpt scan: read " + done + " of " + total + " domains, " + mailboxes + " mailboxes so far");
        err.flush();
    }
}
