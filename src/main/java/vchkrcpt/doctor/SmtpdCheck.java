package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

import vchkrcpt.env.Settings;
import vchkrcpt.policy.ThrottleLimits;

/**
 * Which qmail-smtpd runs the check (../shared/contract.md), as far as its strings tell, and whether
 * the configuration suits it: a program it will actually run, once, and an exit status that means
 * on it what vchkrcpt means by it.
 */
final class SmtpdCheck implements Check {
    @Override
    public String topic() {
        return "qmail-smtpd";
    }

    @Override
    public void run(Service service, Report report) throws IOException {
        SmtpdBinary binary;
        try {
            binary = SmtpdBinary.read(service.smtpd());
        } catch (NoSuchFileException e) {
            report.warning(topic(), service.smtpd() + " does not exist: which patch runs the check is unknown"
                    + " (name the service's qmail-smtpd with --smtpd FILE)");
            return;
        }
        Map<String, String> env = service.env();
        Service.Program program = service.program();
        String what = service.smtpd() + ": " + binary.family().text
                + (binary.spp() ? ", qmail-spp (" + (binary.sppSwitch() == SmtpdBinary.SppSwitch.ENABLE_SPP
                        ? "on with ENABLE_SPP" : "on unless NOSPP") + ")" : "");
        String rcptcheck = env.get("RCPTCHECK");
        boolean viaRcptcheck = rcptcheck != null && !rcptcheck.isEmpty();
        boolean viaPlugin = service.plugin() != null;

        if (program == null) {
            // The program check fails for this; here is what it means on this qmail-smtpd.
            report.warning(topic(), what + "; it runs no vchkrcpt: " + (binary.family() != SmtpdBinary.Family.NONE
                    ? "set RCPTCHECK=/var/qmail/bin/vchkrcpt in the service's envdir"
                    : binary.spp() ? "list /var/qmail/bin/vchkrcpt under [rcpt] in control/smtpplugins"
                    : "it can run no recipient check at all: install a qmail-smtpd with the RCPTCHECK or qmail-spp patch"));
            return;
        }
        if (viaRcptcheck && binary.family() == SmtpdBinary.Family.NONE) {
            report.fail(topic(), what + ": it ignores RCPTCHECK, so no recipient is checked: "
                    + (binary.spp() ? "list vchkrcpt under [rcpt] in control/smtpplugins instead (smtpplugins.example)"
                            : "install a qmail-smtpd with the RCPTCHECK or qmail-spp patch"));
            return;
        }
        boolean sppRuns = binary.sppOn(env);
        if (!viaRcptcheck && viaPlugin && !sppRuns) {
            report.fail(topic(), what + ": " + service.smtpPlugins() + " lists vchkrcpt, but "
                    + (!binary.spp() ? "this qmail-smtpd has no qmail-spp: set RCPTCHECK instead"
                            : binary.sppSwitch() == SmtpdBinary.SppSwitch.ENABLE_SPP
                                    ? "qmail-spp is off without ENABLE_SPP: set ENABLE_SPP=1 in the service's envdir"
                                    : "NOSPP switches qmail-spp off: remove it from the service's envdir"));
            return;
        }
        if (viaRcptcheck && viaPlugin && sppRuns) {
            report.fail(topic(), what + ": RCPTCHECK is set and " + service.smtpPlugins() + " lists vchkrcpt too:"
                    + " each recipient is checked and counted twice: keep one of them");
            return;
        }
        Settings settings = service.settings();
        if (viaRcptcheck && settings != null && binary.family() != SmtpdBinary.Family.SAGREDO
                && settings.throttle().limits().limitStatus() == ThrottleLimits.SAGREDO_LIMIT_STATUS) {
            report.fail(topic(), what + ": VCHKRCPT_LIMIT_EXIT=113 is only for sagredo's qmail; on this one exit 113"
                    + " accepts the recipient, so harvesters get through at the limit: remove VCHKRCPT_LIMIT_EXIT");
            return;
        }
        if (viaRcptcheck && binary.family() == SmtpdBinary.Family.JMS1 && env.containsKey("VALIDRCPTTO_CDB")) {
            report.warning(topic(), what + ": VALIDRCPTTO_CDB is set, so jms1's own validrcptto check refuses"
                    + " unknown recipients of outside clients before vchkrcpt sees them (no throttle, no vchkrcpt log"
                    + " line for them): unset it in qmail-smtpd's environment if vchkrcpt should decide"
                    + " (vchkrcpt's default is /var/qmail/control/validrcptto.cdb)");
            return;
        }
        report.ok(topic(), what + ": " + (viaRcptcheck ? meaning(binary.family()) : "vchkrcpt runs as a [rcpt] plugin"
                + " and answers with one E or R line"));
    }

    private static String meaning(SmtpdBinary.Family family) {
        switch (family) {
            case SOFFIAN:
                return "RCPTCHECK runs for outside clients only, the exit status is the answer";
            case JMS1:
                return "RCPTCHECK runs for every recipient, relay and authenticated clients too (vchkrcpt"
                        + " accepts those), replies go through fd 4, exit 111 does not close the connection";
            default:
                return "RCPTCHECK runs for outside clients (relay clients too with RCPTCHECKRELAYCLIENT), replies"
                        + " go through fd 4; VCHKRCPT_LIMIT_EXIT=113 lets the harvest limit hang up";
        }
    }
}
