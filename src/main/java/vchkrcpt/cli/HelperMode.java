package vchkrcpt.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

import vchkrcpt.Status;
import vchkrcpt.cdb.CdbRecipientDb;
import vchkrcpt.env.AllowListFile;
import vchkrcpt.env.HelperConfig;
import vchkrcpt.env.ParentProcess;
import vchkrcpt.env.RawEnvironment;
import vchkrcpt.env.Settings;
import vchkrcpt.log.BothLogs;
import vchkrcpt.log.DecisionLog;
import vchkrcpt.log.LogText;
import vchkrcpt.log.StderrLog;
import vchkrcpt.log.SyslogLog;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;
import vchkrcpt.state.EpochClock;
import vchkrcpt.state.FileThrottleState;
import vchkrcpt.state.ThrottleFile;

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
        HelperConfig config = settings.helper();
        ThrottleLimits limits = settings.throttle().limits();
        StderrLog warnings = new StderrLog(err);
        FileThrottleState state = new FileThrottleState(new ThrottleFile(new File(settings.throttle().stateDir())),
                limits.windowSeconds(), session(env, limits, warnings), EpochClock.SYSTEM, warnings, true);
        try (CdbRecipientDb recipients = new CdbRecipientDb(new File(config.cdbPath()))) {
            return Policy.decide(envelope, new AllowListFile(new File(config.allowPath())), recipients, state, limits,
                    log(config, warnings));
        } catch (IOException e) {
            throw new Unverifiable("unable to close " + config.cdbPath() + ": " + e.getMessage());
        }
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

    static DecisionLog log(HelperConfig config, StderrLog stderr) {
        switch (config.logMode()) {
            case STDERR:
                return stderr;
            case BOTH:
                return new BothLogs(stderr, new SyslogLog(config.syslogSocket(), stderr, true));
            default:
                return new SyslogLog(config.syslogSocket(), stderr, false);
        }
    }

    private static void fatal(PrintStream err, String message) {
        // One write(2), as StderrLog: the service's log pipe is shared with other qmail-smtpds.
        byte[] text = LogText.escape("vchkrcpt: fatal: " + message);
        byte[] line = Arrays.copyOf(text, text.length + 1);
        line[text.length] = '\n';
        err.write(line, 0, line.length);
        err.flush();
    }

    /** The one answer of a call: the verdict's, or the fault's when the deadline or an error comes first. */
    private static final class Answer implements Deadline.Timeout {
        final Variant variant;
        private final PrintStream err;
        Deadline deadline;
        private boolean given;

        Answer(Variant variant, PrintStream err) {
            this.variant = variant;
            this.err = err;
        }

        synchronized int verdict(Verdict verdict) {
            if (!give()) {
                return Status.TEMPFAIL;   // the watchdog answered; its thread is ending the process
            }
            return variant.answer(verdict);
        }

        /** Not ours to check: no answer at all. */
        synchronized int nothing() {
            give();
            return Status.ACCEPT;
        }

        /** @return the exit status, or -1 when the answer was given already */
        @Override
        public synchronized int fault(String message) {
            if (!give()) {
                return -1;
            }
            // The reply first: the log pipe may be the very thing that is stuck.
            int status = variant.fault();
            fatal(err, message);
            return status;
        }

        private boolean give() {
            if (given) {
                return false;
            }
            given = true;
            if (deadline != null) {
                deadline.disarm();
            }
            return true;
        }
    }
}
