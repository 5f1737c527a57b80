package vchkrcpt.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vchkrcpt.Status;
import vchkrcpt.cdb.CdbRecipientDb;
import vchkrcpt.env.AllowListFile;
import vchkrcpt.env.HelperConfig;
import vchkrcpt.env.Settings;
import vchkrcpt.env.ThrottleConfig;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.Trace;
import vchkrcpt.policy.Verdict;
import vchkrcpt.state.EpochClock;
import vchkrcpt.state.FileThrottleState;
import vchkrcpt.state.ThrottleStore;

/** {@code vchkrcpt check ADDRESS}: the helper's chain, explained to a person. Nothing goes to syslog. */
@Command(name = "check",
        description = {"Check one recipient as the helper would and print the verdict.",
                "The exit status is the one the helper would give: 0 accept, 100 reject, 111 temporary failure."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The recipient address (RCPT TO).")
    String recipient;

    @Option(names = "--sender", paramLabel = "S",
            description = "The envelope sender (MAIL FROM), with or without <>; <> is the null sender, the default.")
    String sender;

    @Option(names = "--cdb", paramLabel = "FILE",
            description = "validrcptto.cdb to read; default: $VALIDRCPTTO_CDB (relative to the qmail home), else "
                    + HelperConfig.DEFAULT_CDB + ".")
    File cdb;

    @Option(names = "--allow", paramLabel = "FILE",
            description = "Allowed senders file; default: $VCHKRCPT_ALLOW (relative to the qmail home), else "
                    + HelperConfig.DEFAULT_ALLOW + ".")
    File allow;

    @Option(names = "--client-ip", paramLabel = "IP",
            description = "The SMTP client's address (TCPREMOTEIP): the sender throttle and the per-client limit"
                    + " count per client; default: none (the sender alone).")
    String clientIp = "";

    @Option(names = "--relay-client", description = "The client may relay (RELAYCLIENT is set for it).")
    boolean relayClient;

    @Option(names = "--auth-user", paramLabel = "USER", description = "The client authenticated as USER (SMTP AUTH).")
    String authUser = "";

    /** --state-dir (read, never changed by check), --envdir, --qmail. */
    @Mixin
    StateOptions options;

    @Option(names = "--trace", description = "List every step and every cdb key tried.")
    boolean trace;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Every setting, parsed as the helper parses it: a value the helper would refuse fails here too.
        Settings settings = Settings.from(options.environment());
        File cdbFile = cdb != null ? cdb : options.resolve(settings.helper().cdbPath());
        File allowFile = allow != null ? allow : options.resolve(settings.helper().allowPath());
        String envelopeSender = envelopeSender();
        out.println("sender: <" + ByteStrings.forDisplay(envelopeSender) + ">"
                + (envelopeSender.isEmpty() ? " (the null sender" + (sender == null ? ", as no --sender was given)" : ")")
                        : ""));

        Trace steps = new Trace() {
            @Override
            public boolean enabled() {
                return trace;
            }

            @Override
            public void step(String text) {
                // Steps quote addresses as byte strings.
                out.println("  " + ByteStrings.forDisplay(text));
            }
        };
        ThrottleConfig throttle = settings.throttle();
        PrintWriter err = spec.commandLine().getErr();
        // Not in an SMTP session (no session count), and writable=false: check must not count its own verdict.
        FileThrottleState state = new FileThrottleState(new ThrottleStore(options.directory(throttle)),
                throttle.limits().windowSeconds(), null, EpochClock.SYSTEM,
                line -> err.println("vchkrcpt: " + new String(line, StandardCharsets.UTF_8)), false, 0);
        Verdict verdict;
        try (CdbRecipientDb recipients = new CdbRecipientDb(cdbFile)) {
            verdict = Policy.chain(new AllowListFile(allowFile), recipients, state, throttle.limits())
                    .decide(new Envelope(envelopeSender, ByteStrings.fromArgument(recipient),
                            ByteStrings.fromArgument(clientIp), relayClient, ByteStrings.fromArgument(authUser)), steps);
        }
        out.println("verdict: " + word(verdict.status()));
        out.println("exit status: " + verdict.status());
        out.println("reason: " + ByteStrings.forDisplay(verdict.reason()));
        return verdict.status();
    }

    /** SENDER as qmail-smtpd sets it: the MAIL FROM address without its angle brackets. */
    private String envelopeSender() {
        String given = sender == null ? "" : ByteStrings.fromArgument(sender);
        return given.length() >= 2 && given.startsWith("<") && given.endsWith(">")
                ? given.substring(1, given.length() - 1) : given;
    }

    private static String word(int status) {
        return status == Status.ACCEPT ? "accept" : status == Status.REJECT ? "reject" : "temporary failure";
    }
}
