package vchkrcpt.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
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
import vchkrcpt.state.StateDirectory;
import vchkrcpt.state.ThrottleStore;

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
        Deadline deadline = null;
        try {
            deadline = new Deadline(HelperConfig.deadline(env), answer);
            deadline.start();
            Envelope envelope = answer.variant.envelope(env);
            return envelope == null ? Status.ACCEPT : answer.verdict(decide(envelope, env, err));
        } catch (Unverifiable e) {
            return answer.fault(e.getMessage());
        } catch (Throwable t) {
            return answer.fault("internal error: " + t);
        } finally {
            if (deadline != null) {
                deadline.interrupt();
            }
        }
    }

    private static Verdict decide(Envelope envelope, Map<String, String> env, PrintStream err) throws Unverifiable {
        Settings settings = Settings.from(env);
        HelperConfig config = settings.helper();
        ThrottleLimits limits = settings.throttle().limits();
        StderrLog warnings = new StderrLog(err);
        // The lock is waited for half the deadline at most: then the call goes on without recording.
        FileThrottleState state = new FileThrottleState(
                new ThrottleStore(new StateDirectory(Path.of(settings.throttle().stateDir()))), limits.windowSeconds(),
                session(env, limits, warnings), EpochClock.SYSTEM, warnings, true, config.deadlineSeconds() * 500L);
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
    private static final class Answer {
        final Variant variant;
        private final PrintStream err;
        private boolean given;

        Answer(Variant variant, PrintStream err) {
            this.variant = variant;
            this.err = err;
        }

        synchronized int verdict(Verdict verdict) {
            if (given) {
                return Status.TEMPFAIL;   // the deadline answered; its thread is ending the process
            }
            given = true;
            return variant.answer(verdict);
        }

        /** @return the exit status, or -1 when the answer was given already */
        synchronized int fault(String message) {
            if (given) {
                return -1;
            }
            given = true;
            fatal(err, message);
            return variant.fault();
        }
    }

    /**
     * qmail-smtpd waits for the helper without a timeout, and so does its client: whatever the
     * helper is stuck on (a stalled file system, a full log pipe), it answers in time.
     */
    private static final class Deadline extends Thread {
        private final int seconds;
        private final Answer answer;

        Deadline(int seconds, Answer answer) {
            super("deadline");
            setDaemon(true);
            this.seconds = seconds;
            this.answer = answer;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(seconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            int status = answer.fault("no answer within VCHKRCPT_DEADLINE=" + seconds + " s");
            if (status >= 0) {
                Runtime.getRuntime().halt(status);
            }
        }
    }
}
