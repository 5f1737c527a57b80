package vchkrcpt.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import vchkrcpt.cdb.CdbRecipientDb;
import vchkrcpt.env.AllowListFile;
import vchkrcpt.env.HelperConfig;
import vchkrcpt.env.Settings;
import vchkrcpt.log.BothLogs;
import vchkrcpt.log.ClientSuffix;
import vchkrcpt.log.DecisionLog;
import vchkrcpt.log.StderrLog;
import vchkrcpt.log.SyslogLog;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.ThrottleState;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;
import vchkrcpt.state.EpochClock;
import vchkrcpt.state.FileThrottleState;
import vchkrcpt.state.StateDirectory;
import vchkrcpt.state.ThrottleStore;

/**
 * One recipient decided for real, wired from the settings: the allow-list and the cdb opened for
 * this decision alone (a cdb renamed into place serves the next one), the throttle state of
 * VCHKRCPT_STATE_DIR, the log sinks of VCHKRCPT_LOG. The helper and the server both decide here.
 */
final class Decision {
    private Decision() {
    }

    /**
     * The throttle state of one decision; {@code session} is the SMTP session's key, or null. The
     * store's lock is waited for half the deadline at most: then the call goes on without recording.
     */
    static FileThrottleState throttleState(Settings settings, String session, StderrLog warnings) {
        return new FileThrottleState(new ThrottleStore(new StateDirectory(Path.of(settings.throttle().stateDir()))),
                settings.throttle().limits().windowSeconds(), session, EpochClock.SYSTEM, warnings, true,
                settings.helper().deadlineSeconds() * 500L);
    }

    /**
     * @param stderr     where warnings go, and the decision line with VCHKRCPT_LOG=stderr or both
     * @param sessionPid qmail-smtpd's pid for VCHKRCPT_LOG_CLIENT, empty when unknown
     */
    static Verdict decide(Envelope envelope, Settings settings, ThrottleState state, StderrLog stderr,
            String sessionPid) throws Unverifiable {
        HelperConfig config = settings.helper();
        DecisionLog log = log(config, stderr);
        if (config.logClient()) {
            log = new ClientSuffix(log, envelope.clientIp(), sessionPid);
        }
        try (CdbRecipientDb recipients = new CdbRecipientDb(new File(config.cdbPath()))) {
            return Policy.decide(envelope, new AllowListFile(new File(config.allowPath())), recipients, state,
                    settings.throttle().limits(), log);
        } catch (IOException e) {
            throw new Unverifiable("unable to close " + config.cdbPath() + ": " + e.getMessage());
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
}
