package vchkrcpt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vchkrcpt.Status;
import vchkrcpt.doctor.Doctor;
import vchkrcpt.doctor.Finding;
import vchkrcpt.doctor.Report;
import vchkrcpt.doctor.Service;
import vchkrcpt.env.EnvDir;
import vchkrcpt.env.HelperConfig;
import vchkrcpt.env.RawEnvironment;

/** {@code vchkrcpt doctor}: whether the installation is wired right, as the SMTP service will see it. */
@Command(name = "doctor", sortOptions = false,
        description = {"Check the installation as the SMTP service sees it: settings, program, build,",
                "qmail-smtpd, cdb, rcpthosts, what the SMTP user may do, and a trial call of the helper.",
                "One line per check: ok, warning or FAIL, with what to do. Exit status 0 when nothing",
                "failed, 111 otherwise. Run it as root, so that it can try things as the SMTP user."})
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--envdir", paramLabel = "DIR",
            description = "The service's envdir (e.g. /service/qmail-smtpd/env), applied to this environment as"
                    + " envdir applies it. Default: this environment only (run doctor under the run file's).")
    Path envdir;

    @Option(names = "--user", paramLabel = "NAME", description = "The user qmail-smtpd runs as (default: ${DEFAULT-VALUE}).")
    String user = "qmaild";

    @Option(names = "--qmail", paramLabel = "DIR", description = "The qmail home (default: ${DEFAULT-VALUE}).")
    Path qmail = Path.of(HelperConfig.QMAIL_HOME);

    @Option(names = "--smtpd", paramLabel = "FILE", description = "The service's qmail-smtpd (default: QMAIL/bin/qmail-smtpd).")
    Path smtpd;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, String> env = RawEnvironment.read();
        String source = "the environment";
        if (envdir != null) {
            try {
                env = EnvDir.over(env, envdir, java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new IOException("unable to read the envdir " + envdir + ": " + IoReason.of(e), e);
            }
            source = "the environment and " + envdir;
        }
        Service service = new Service(env, source, qmail, smtpd != null ? smtpd : qmail.resolve("bin/qmail-smtpd"), user);
        Report report = Doctor.examine(service);
        PrintWriter out = spec.commandLine().getOut();
        for (Finding finding : report.findings()) {
            out.println(finding.line());
        }
        return report.failed() ? Status.TEMPFAIL : Status.ACCEPT;
    }
}
