package vchkrcpt.doctor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import vchkrcpt.Status;
import vchkrcpt.env.HelperConfig;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.RecipientLookup;
import vchkrcpt.policy.Trace;
import vchkrcpt.policy.Unverifiable;

/**
 * The program run as qmail-smtpd runs it, as the SMTP user, in the qmail home, with the service's
 * environment, for an address the cdb accepts and one it refuses, from the null sender (which the
 * throttle never counts). Its answers, its time, and whether its log lines reached syslog.
 */
final class TrialCheck implements Check {
    /** A local part no installation has: without a dash, so no -default key can match it. */
    private static final String NOBODY = "vchkrcptdoctortrial";

    @Override
    public String topic() {
        return "trial";
    }

    @Override
    public void run(Service service, Report report) throws IOException, InterruptedException {
        Service.Program program = service.program();
        SmtpUser user = service.user();
        if (service.settings() == null || program == null || !Files.exists(program.path()) || user == null) {
            return;   // what is missing was reported; there is nothing to try
        }
        CdbContent cdb;
        try {
            cdb = service.cdb();
        } catch (IOException e) {
            return;
        }
        String good = accepted(cdb);
        String bad = refused(cdb);
        if (good == null || bad == null) {
            report.warning(topic(), "not tried: " + service.cdbPath() + " has no " + (good == null
                    ? "address key that accepts" : "domain where an unknown address is refused"));
            return;
        }
        int deadline = service.settings().helper().deadlineSeconds();
        Call accept = call(service, user, program, good, deadline);
        Call refuse = call(service, user, program, bad, deadline);
        String as = user.as() + ", " + program.path();
        String problem = accept.problem(program.plugin(), false);
        if (problem == null) {
            problem = refuse.problem(program.plugin(), true);
        }
        if (problem != null) {
            report.fail(topic(), as + ": " + problem);
        } else if (Math.max(accept.millis, refuse.millis) > 2000) {
            report.warning(topic(), as + ": " + accept + "; " + refuse + ": each RCPT waits that long");
        } else {
            report.ok(topic(), as + ": " + accept + "; " + refuse);
        }
        syslog(service, accept, refuse, user, report);
    }

    private static void syslog(Service service, Call accept, Call refuse, SmtpUser user, Report report) {
        HelperConfig helper = service.settings().helper();
        if (helper.logMode() == HelperConfig.LogMode.STDERR) {
            report.ok("syslog", "not used: VCHKRCPT_LOG=stderr (the decisions go to the service's log)");
            return;
        }
        for (Call call : List.of(accept, refuse)) {
            for (String line : call.stderr.split("\n")) {
                if (line.contains("unable to log to")) {
                    report.fail("syslog", line + " (" + user.as() + "): the decisions go to stderr only: start the"
                            + " syslog daemon, let " + user.name + " write to its socket, or set VCHKRCPT_LOG=stderr");
                    return;
                }
            }
        }
        report.ok("syslog", helper.syslogSocket() + " took the trial's log lines " + user.as());
    }

    /** The first exact address key that the look-up accepts. */
    static String accepted(CdbContent cdb) {
        for (String key : cdb.keys().keySet()) {
            int at = key.indexOf('@');
            if (at > 0 && at == key.lastIndexOf('@') && key.indexOf('!') < 0 && key.indexOf('%') < 0
                    && !key.contains("-default@") && decide(cdb, key) == Status.ACCEPT) {
                return key;
            }
        }
        return null;
    }

    /** An address that no key accepts, in the first domain of the cdb where there is one. */
    static String refused(CdbContent cdb) {
        for (String key : cdb.keys().keySet()) {
            int at = key.lastIndexOf('@');
            if (at >= 0 && at < key.length() - 1) {
                String address = NOBODY + key.substring(at);
                if (decide(cdb, address) == Status.REJECT) {
                    return address;
                }
            }
        }
        return null;
    }

    private static int decide(CdbContent cdb, String address) {
        try {
            return new RecipientLookup(cdb).decide(new Envelope("", address, ""), Trace.NONE).status();
        } catch (Unverifiable e) {
            return Status.TEMPFAIL;   // not from keys held in memory
        }
    }

    /** One run of the program: exit status, time, output. */
    private record Call(String recipient, int status, long millis, String stdout, String stderr) {
        @Override
        public String toString() {
            boolean line = stdout.startsWith("E") || stdout.startsWith("R");   // a qmail-spp refusal
            return recipient + " " + (status == 100 || status == 0 && line ? "refused" : status == 0 ? "accepted"
                    : "answered")
                    + " (exit " + status + (stdout.isEmpty() ? "" : ", " + stdout.strip()) + ") in " + millis + " ms";
        }

        /** What is wrong with this answer, or null. */
        String problem(boolean plugin, boolean refusal) {
            String expected = refusal ? (plugin ? "an E553 line" : "exit 100") : (plugin ? "no line" : "exit 0");
            boolean right = plugin ? status == 0 && (refusal ? stdout.startsWith("E553") : stdout.isEmpty())
                    : status == (refusal ? Status.REJECT : Status.ACCEPT) && stdout.isEmpty();
            if (right) {
                return null;
            }
            return toString() + ", expected " + expected + (!plugin && !stdout.isEmpty()
                    ? "; it wrote to stdout, which is the SMTP client's connection" : "")
                    + (stderr.isBlank() ? "" : ": " + reason());
        }

        /** The launcher's or the helper's fatal line, else the first line on stderr. */
        private String reason() {
            String[] lines = stderr.strip().split("\n");
            for (String line : lines) {
                if (line.startsWith("vchkrcpt: fatal: ")) {
                    return line;
                }
            }
            return lines[0];
        }
    }

    private static Call call(Service service, SmtpUser user, Service.Program program, String recipient, int deadline)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(service.env());
        // An outside client: neither a relay client nor authenticated.
        for (String name : List.of("RELAYCLIENT", "SMTP_AUTH_USER", "SMTPAUTHUSER", "USE_FD4", "RECIPIENT", "SENDER",
                "SMTPRCPTTO", "SMTPMAILFROM")) {
            env.remove(name);
        }
        if (program.plugin()) {
            env.putAll(Map.of("SMTPRCPTTO", recipient, "SMTPMAILFROM", "", "SMTPRCPTHOSTSOK", "1",
                    "SMTPRCPTCOUNT", "0", "SMTPRCPTCOUNTALL", "1"));
        } else {
            env.putAll(Map.of("RECIPIENT", recipient, "SENDER", ""));
        }
        // A plugin's stdout is a pipe that qmail-smtpd made as the SMTP user; the helper opens it again
        // through /proc, which a pipe made by root would refuse. A shell of that user makes it here.
        List<String> command = program.plugin()
                ? List.of("/bin/sh", "-c", "reply=$(\"$0\"); status=$?; printf '%s' \"$reply\"; exit $status",
                        program.path().toString())
                : List.of(program.path().toString());
        ProcessBuilder pb = new ProcessBuilder(user.command(command)).directory(service.qmail().toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        long start = System.nanoTime();
        Process p = pb.start();
        Output stdout = Output.of(p.getInputStream());
        Output stderr = Output.of(p.getErrorStream());
        if (!p.waitFor(deadline + 10L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            return new Call(recipient, -1, (System.nanoTime() - start) / 1_000_000, "",
                    "no answer within " + (deadline + 10) + " s (VCHKRCPT_DEADLINE=" + deadline + ")");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Call(recipient, p.exitValue(), millis, stdout.text(), stderr.text());
    }

    /** A child's output, read as it comes, so that a full pipe cannot stop the child. */
    private static final class Output extends Thread {
        private final InputStream in;
        private byte[] bytes = new byte[0];

        private Output(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        static Output of(InputStream in) {
            Output output = new Output(in);
            output.start();
            return output;
        }

        @Override
        public void run() {
            try {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                // The child is gone; what was read is kept.
            }
        }

        String text() throws InterruptedException {
            join(5000);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
