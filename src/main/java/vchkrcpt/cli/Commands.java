package vchkrcpt.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import vchkrcpt.Status;
import vchkrcpt.Version;

/** The admin commands, on picocli. The one place where failures become exit statuses. */
// INHERIT: every subcommand gets -h/--help and -V/--version from here.
@Command(name = "vchkrcpt", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = Commands.VersionText.class,
        description = {"Recipient check helper for qmail-smtpd (RCPTCHECK) on validrcptto.cdb.",
                "Without arguments it is the helper: it reads RECIPIENT and SENDER from the "
                        + "environment and answers with its exit status (0 accept, 100 reject, "
                        + "111 try again later)."},
        subcommands = {CheckCommand.class, CdbCommand.class, ScanCommand.class, ThrottleCommand.class,
                ServeCommand.class, DoctorCommand.class})
public final class Commands {

    public static void main(String[] args) {
        int status = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(status);
    }

    /** Runs one command line with the given writers and returns its exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new Commands());
        line.setOut(out);
        line.setErr(err);
        // "@example.com" is a cdb key (cdb get) or an address, never the name of an argument file.
        line.setExpandAtFiles(false);
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("vchkrcpt: fatal: " + failureText(e));
            commandLine.getErr().flush();
            return Status.TEMPFAIL;
        });
        return line.execute(args);
    }

    private static String failureText(Exception e) {
        if (e instanceof vchkrcpt.policy.Unverifiable || e instanceof java.io.IOException) {
            return e.getMessage();
        }
        return "internal error: " + e;
    }

    static final class VersionText implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vchkrcpt " + Version.NUMBER};
        }
    }
}
