package vchkrcpt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

import vchkrcpt.Status;
import vchkrcpt.env.HelperConfig;
import vchkrcpt.env.ParentProcess;
import vchkrcpt.env.RawEnvironment;
import vchkrcpt.env.Settings;
import vchkrcpt.log.LogText;
import vchkrcpt.log.StderrLog;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;

/**
 * The helper that qmail-smtpd runs for one recipient: environment in, answer out, in the terms of
 * the variant that runs it ({@link Variant}). Under RCPTCHECK stdin and stdout are the client's SMTP
 * socket and are never used. Every path, an unexpected error and a missed deadline included, ends
 * in an answer: 0, 100, 111 (or the configured 113), or qmail-spp's refusal line.
 */
public final class HelperMode {
    private HelperMode() {
    }

    public static void main() {
        Runtime.getRuntime().halt(answer(readEnvironment(), System.err));
    }

    private static Map<String, String> readEnvironment() {
        try {
            return RawEnvironment.read();
        } catch (IOException e) {
            // No variant can be told apart now: the plain RCPTCHECK answer, 111, is the safe one.
            fatal(System.err, "unable to read the environment: " + e.getMessage());
            return Map.of();
        }
    }

    /** Decides and answers; returns the exit status. Also run by the AOT training. */
    static int answer(Map<String, String> env, PrintStream err) {
        Answer answer = new Answer(Variant.of(env), err);
        try {
            answer.deadline = Deadline.arm(HelperConfig.deadline(env), answer);
            Envelope envelope = answer.variant.envelope(env);
            return envelope == null ? answer.nothing() : answer.verdict(decide(envelope, env, err));
        } catch (Unverifiable e) {
            return answer.fault(e.getMessage());
        } catch (Throwable t) {
            return answer.fault("internal error: " + t);
        }
    }

    private static Verdict decide(Envelope envelope, Map<String, String> env, PrintStream err) throws Unverifiable {
        Settings settings = Settings.from(env);
        StderrLog stderr = new StderrLog(err);
        String session = session(env, settings.throttle().limits(), stderr);
        return Decision.decide(envelope, settings, Decision.throttleState(settings, session, stderr), stderr,
                settings.helper().logClient() ? sessionPid(env) : "");
    }

    /** This SMTP session's key for the harvest limit, or null (limit off, or /proc unreadable). */
    private static String session(Map<String, String> env, ThrottleLimits limits, StderrLog warnings) {
        if (limits.sessionLimit() == 0) {
            return null;
        }
        try {
            return ParentProcess.sessionKey(env.get("VCHKRCPT_PARENT"));
        } catch (IOException e) {
            warnings.write(LogText.escape("warning: harvest limit skipped: " + e.getMessage()));
            return null;
        }
    }

    /** qmail-smtpd's pid for the log line, or empty when it cannot be known. */
    private static String sessionPid(Map<String, String> env) {
        try {
            return Long.toString(ParentProcess.sessionPid(env.get("VCHKRCPT_PARENT")));
        } catch (IOException e) {
            return "";
        }
    }

    /** One {@code vchkrcpt: fatal: } line, as every fault of the helper writes it. */
    static void fatal(PrintStream err, String message) {
        // One write(2), as StderrLog: the service's log pipe is shared with other qmail-smtpds.
        byte[] text = LogText.escape("vchkrcpt: fatal: " + message);
        byte[] line = Arrays.copyOf(text, text.length + 1);
        line[text.length] = '\n';
        err.write(line, 0, line.length);
        err.flush();
    }

    /**
     * The one answer of a call: the verdict's, or the fault's when the deadline or an error comes
     * first. The reply comes before the fault's stderr line, which a stalled log pipe can block.
     */
    private static final class Answer implements Deadline.Timeout {
        private static final long LINE_MILLIS = 1000;

        final Variant variant;
        private final PrintStream err;
        Deadline deadline;
        /** The exit status of the answer given, -1 before. */
        private int status = -1;

        Answer(Variant variant, PrintStream err) {
            this.variant = variant;
            this.err = err;
        }

        /** @return the exit status (the deadline's, when it answered first) */
        synchronized int verdict(Verdict verdict) {
            if (status < 0) {
                status = given(variant.answer(verdict));
            }
            return status;
        }

        /** Not ours to check: no answer at all. */
        synchronized int nothing() {
            if (status < 0) {
                status = given(Status.ACCEPT);
            }
            return status;
        }

        /** @return the exit status (the earlier answer's, when there was one: then nothing is written) */
        @Override
        public int fault(String message) {
            if (reply()) {
                // The reply is given; the stuck write may be one to the log pipe: the line gets a moment only.
                Thread line = new Thread(() -> fatal(err, message), "fatal line");
                line.setDaemon(true);
                line.start();
                try {
                    line.join(LINE_MILLIS);
                } catch (InterruptedException e) {
                    // Only the line is lost.
                }
            }
            return status;
        }

        /** Gives the fault's reply unless an answer was given; true when it did. */
        private synchronized boolean reply() {
            if (status >= 0) {
                return false;
            }
            status = given(variant.fault());
            return true;
        }

        private int given(int answered) {
            if (deadline != null) {
                deadline.disarm();
            }
            return answered;
        }
    }
}
