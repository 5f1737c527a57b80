package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The program qmail-smtpd runs per recipient exists, and is a link into a build (not a copy, which
 * finds no build beside it), preferably through the {@code current} link that upgrades switch.
 */
final class ProgramCheck implements Check {
    @Override
    public String topic() {
        return "program";
    }

    @Override
    public void run(Service service, Report report) throws IOException {
        Service.Program program = service.program();
        if (program == null) {
            report.fail(topic(), "qmail-smtpd runs no vchkrcpt: RCPTCHECK is not set (in " + service.envSource()
                    + ") and " + service.smtpPlugins() + " has no [rcpt] plugin named vchkrcpt:"
                    + " set RCPTCHECK=/var/qmail/bin/vchkrcpt in the service's envdir (or, on qmail-spp,"
                    + " list it in control/smtpplugins); give doctor that envdir with --envdir DIR");
            return;
        }
        String named = program.describe();
        if (!Files.exists(program.path())) {
            report.fail(topic(), named + " does not exist: every recipient gets 421 (unable to execute recipient"
                    + " check): link it to the installed program: ln -s PREFIX/current/vchkrcpt " + program.path()
                    + " (scripts/install makes /var/qmail/bin/vchkrcpt)");
            return;
        }
        BuildLocation location = BuildLocation.of(program.path());
        if (location == null) {
            report.fail(topic(), named + " (" + program.path().toRealPath() + ") is in no vchkrcpt build, a copy:"
                    + " it finds no build beside it, so every recipient gets 421: make it a symlink:"
                    + " ln -sf PREFIX/current/vchkrcpt " + program.path());
            return;
        }
        String where = named + " runs " + location.build();
        if (location.sourceTree()) {
            report.warning(topic(), where + ", the build of a source tree: mvn clean or removing the tree stops"
                    + " the recipient checks: install it (scripts/install) and link to PREFIX/current/vchkrcpt");
        } else if (!location.followsCurrent() || !location.isCurrent()) {
            report.warning(topic(), where + ", not the build " + location.current()
                    + " names: an upgrade will not reach it: link to " + location.current() + "/vchkrcpt instead");
        } else {
            report.ok(topic(), where + " (through " + location.current() + ")");
        }
    }
}
