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
import vchkrcpt.env.ThrottleConfig;
import vchkrcpt.log.BothLogs;
import vchkrcpt.log.DecisionLog;
import vchkrcpt.log.LogText;
import vchkrcpt.log.StderrLog;
import vchkrcpt.log.SyslogLog;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.ThrottleRules;
import vchkrcpt.policy.Trace;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;
import vchkrcpt.state.EpochClock;
import vchkrcpt.state.FileThrottleState;
import vchkrcpt.state.ThrottleFile;

/**
 * The RCPTCHECK helper: environment in, exit status out. stdin and stdout are the client's SMTP
 * socket and are never used; every path, including an unexpected error, ends in 0, 100 or 111.
 */
public final class HelperMode {
    private HelperMode() {
    }

    public static void main() {
        PrintStream err = System.err;
        int status;
        try {
            status = run(RawEnvironment.read(), err);
        } catch (Unverifiable e) {
            status = fatal(err, e.getMessage());
        } catch (IOException e) {
            status = fatal(err, "unable to read the environment: " + e.getMessage());
        } catch (Throwable t) {
            status = fatal(err, "internal error: " + t);
        }
        err.flush();
        // halt: no shutdown hooks or finalization to wait for; the answer is all that is left.
        Runtime.getRuntime().halt(status);
    }

    static int run(Map<String, String> env, PrintStream err) throws Unverifiable {
        String recipient = env.get("RECIPIENT");
        if (recipient == null) {
            throw new Unverifiable("RECIPIENT is not set: without arguments vchkrcpt is the RCPTCHECK helper"
                    + " that qmail-smtpd runs; to test an address by hand run: vchkrcpt check ADDRESS");
        }
        String sender = env.getOrDefault("SENDER", "");
        HelperConfig config = HelperConfig.from(env);
        ThrottleConfig throttle = ThrottleConfig.from(env);
        ThrottleLimits limits = throttle.limits();
        Envelope envelope = new Envelope(sender, recipient, env.getOrDefault("TCPREMOTEIP", ""));
        StderrLog warnings = new StderrLog(err);
        FileThrottleState state = new FileThrottleState(new ThrottleFile(new File(throttle.stateDir())),
                limits.windowSeconds(), session(env, limits, warnings), EpochClock.SYSTEM, warnings, true);

        Verdict verdict;
        try (CdbRecipientDb recipients = new CdbRecipientDb(new File(config.cdbPath()))) {
            verdict = Policy.chain(new AllowListFile(new File(config.allowPath())), recipients, state, limits)
                    .decide(envelope, Trace.NONE);
        } catch (IOException e) {
            throw new Unverifiable("unable to close " + config.cdbPath() + ": " + e.getMessage());
        }
        if (verdict.logged()) {
            log(config, warnings).write(LogText.decisionLine(sender, recipient, verdict.reason()));
        }
        ThrottleRules.record(envelope, verdict, limits, state);
        return verdict.status();
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

    private static DecisionLog log(HelperConfig config, StderrLog stderr) {
        switch (config.logMode()) {
            case STDERR:
                return stderr;
            case BOTH:
                return new BothLogs(stderr, new SyslogLog(config.syslogSocket(), stderr, true));
            default:
                return new SyslogLog(config.syslogSocket(), stderr, false);
        }
    }

    private static int fatal(PrintStream err, String message) {
        // One write(2), as StderrLog: the service's log pipe is shared with other qmail-smtpds.
        byte[] text = LogText.escape("vchkrcpt: fatal: " + message);
        byte[] line = Arrays.copyOf(text, text.length + 1);
        line[text.length] = '\n';
        err.write(line, 0, line.length);
        return Status.TEMPFAIL;
    }
}
