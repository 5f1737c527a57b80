package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import vchkrcpt.env.Settings;
import vchkrcpt.policy.ThrottleLimits;

/**
 * What the SMTP user must be able to do for each call, tried as that user (as root, doctor
 * switches to it; otherwise it can only try as itself, and says so): run the program, read the cdb
 * and the allow-list, write in the state directory. Whether the syslog socket takes its datagrams,
 * the trial shows.
 */
final class AccessCheck implements Check {
    @Override
    public String topic() {
        return "user";
    }

    @Override
    public void run(Service service, Report report) throws IOException, InterruptedException {
        SmtpUser user = service.user();
        if (user == null) {
            report.fail(topic(), "there is no user " + service.userName() + " (getent passwd " + service.userName()
                    + " finds none): name the user qmail-smtpd runs as with --user (vpopmail in toaster installs)");
            return;
        }
        if (user.exact()) {
            report.ok(topic(), user.name + " (uid " + user.uid + ", gid " + user.gid + ", no other group, as tcpserver"
                    + " -u -g leaves it): what follows was tried as " + user.name);
        } else {
            report.warning(topic(), "doctor is not root, so what " + user.name + " may do was tried " + user.as()
                    + ": run doctor as root to try it as " + user.name);
        }
        Service.Program program = service.program();
        Settings settings = service.settings();
        Path cdb = settings != null ? service.cdbPath() : null;
        Path allow = settings != null ? service.resolve(settings.helper().allowPath()) : null;
        Path state = settings != null ? service.resolve(settings.throttle().stateDir()) : null;
        List<String> tests = new ArrayList<>();
        if (program != null) {
            tests.add("-x " + program.path());
        }
        if (settings != null) {
            tests.addAll(List.of("-r " + cdb, "-r " + allow, "-w " + state, "-x " + state));
        }
        Set<String> granted = user.granted(tests);

        if (program != null && Files.exists(program.path())) {
            if (granted.contains("-x " + program.path())) {
                report.ok("program access", program.path() + " is executable " + user.as());
            } else {
                report.fail("program access", program.path() + " is not executable " + user.as() + ": every recipient"
                        + " gets 421: make it and the directories above it executable and searchable for "
                        + user.name);
            }
        }
        if (settings == null) {
            return;
        }
        if (Files.exists(cdb)) {
            if (granted.contains("-r " + cdb)) {
                report.ok("cdb access", cdb + " is readable " + user.as());
            } else {
                report.fail("cdb access", cdb + " is not readable " + user.as() + ": every recipient gets 421:"
                        + " chmod 644 " + cdb + " (and let " + user.name + " search the directories above it)");
            }
        }
        if (!Files.exists(allow, LinkOption.NOFOLLOW_LINKS)) {
            report.ok("allow-list", allow + " does not exist: no sender is accepted unchecked");
        } else if (granted.contains("-r " + allow)) {
            report.ok("allow-list", allow + " is readable " + user.as());
        } else {
            report.fail("allow-list", allow + " is not readable " + user.as() + ": every recipient of a sender"
                    + " other than <> gets 421: chmod 644 " + allow);
        }
        stateDirectory(settings.throttle().limits(), state, granted.contains("-w " + state)
                && granted.contains("-x " + state), user, report);
    }

    private static void stateDirectory(ThrottleLimits limits, Path dir, boolean writable, SmtpUser user, Report report)
            throws IOException {
        String topic = "state directory";
        if (limits.senderLimit() == 0 && limits.sessionLimit() == 0 && limits.clientLimit() == 0) {
            report.ok(topic, "the throttle and the harvest limits are off: " + dir + " is not used");
        } else if (!Files.isDirectory(dir)) {
            report.fail(topic, dir + " does not exist: the throttle and the harvest limits are skipped, with a"
                    + " warning in the log for every recipient: install -d -o " + user.name + " -m 700 " + dir
                    + " (scripts/install does)");
        } else if (!writable) {
            report.fail(topic, dir + " is not writable " + user.as() + ": the throttle and the harvest limits"
                    + " are skipped, with a warning for every recipient: chown " + user.name + " " + dir);
        } else if (((Number) Files.getAttribute(dir, "unix:uid")).longValue() != user.uid) {
            report.warning(topic, dir + " is writable but not owned by " + user.name + ": the throttle's files"
                    + " must be: chown " + user.name + " " + dir);
        } else {
            report.ok(topic, dir + " is writable " + user.as());
        }
    }
}
