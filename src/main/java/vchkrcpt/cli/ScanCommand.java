package vchkrcpt.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vchkrcpt.scan.AccountOptions;
import vchkrcpt.scan.Backend;
import vchkrcpt.scan.ProgressLine;
import vchkrcpt.scan.ScanOutput;
import vchkrcpt.scan.ScanResult;
import vchkrcpt.scan.ScanSettings;
import vchkrcpt.scan.ScanSettings.UncheckedDomains;
import vchkrcpt.scan.ScanWatcher;
import vchkrcpt.scan.Scanner;
import vchkrcpt.scan.SmtpReader;

/** {@code vchkrcpt scan}: builds validrcptto.cdb from a qmail + vpopmail installation, once or as a service. */
@Command(name = "scan", sortOptions = false,
        description = {"Build validrcptto.cdb from a qmail installation: vpopmail domains (vpasswd, MySQL or vuserinfo,",
                ".qmail-NAME, valias, .qmail-default), local domains (users/assign, passwd accounts, their",
                "~/.qmail-EXT, the alias user, fastforward), virtual domains of system users, smtproutes domains.",
                "Writes the cdb atomically; on any error the old file stays and the exit status is 111."})
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--qmail", paramLabel = "DIR", description = "The qmail home (default: ${DEFAULT-VALUE}).")
    Path qmail = Path.of("/var/qmail");

    @Option(names = "--vpopmail", paramLabel = "DIR",
            description = "The vpopmail home (default: read off users/assign, else /home/vpopmail).")
    Path vpopmail;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The cdb to write (default: QMAIL/control/validrcptto.cdb).")
    Path output;

    @Option(names = "--text", description = "Print key:value lines to stdout instead of writing the cdb.")
    boolean text;

    @Option(names = {"-c", "--if-changed"}, description = "Leave the cdb alone when it already holds exactly these keys.")
    boolean ifChanged;

    @Option(names = "--include", paramLabel = "FILE",
            description = "Extra key:value lines; they win over scanned keys. May be repeated.")
    List<Path> includes = new ArrayList<>();

    @Option(names = "--accept-unchecked-domains",
            description = "Give rcpthosts domains that no source accounts for an @domain key (accept all)."
                    + " Default: the scan stops and names them.")
    boolean acceptUnchecked;

    @Option(names = "--backend", paramLabel = "vpasswd|mysql|vuserinfo",
            description = "Where vpopmail keeps its accounts: vpasswd files, MySQL (read with VPOPMAIL/etc/vpopmail.mysql),"
                    + " or vpopmail's vuserinfo and valias (other backends). Default: as VPOPMAIL/include/vpopmail_config.h"
                    + " says, else mysql when there is a vpopmail.mysql and no vpasswd.")
    String backend;

    @Option(names = "--qmail-ext", negatable = true,
            description = "vpopmail built with --enable-qmail-ext (user-ext@domain goes to user): add user-default@domain"
                    + " keys. Default: as VPOPMAIL/include/vpopmail_config.h says.")
    Boolean qmailExt;

    @Option(names = "--reject-unchecked-domains",
            description = "Give rcpthosts domains that no source accounts for no key: the helper rejects every address there.")
    boolean rejectUnchecked;

    @Option(names = "--passwd", paramLabel = "FILE",
            description = "The passwd file of the system accounts (default: ${DEFAULT-VALUE}); the group file beside it"
                    + " gives --reader's groups.")
    Path passwd = Path.of("/etc/passwd");

    @Option(names = "--uids", paramLabel = "MIN-MAX",
            description = "Accounts whose names and .qmail files become keys of the local domains (default: 500-65000;"
                    + " root never).")
    String uids = ScanSettings.UidRange.DEFAULT.toString();

    @Option(names = "--alias-dir", paramLabel = "DIR", description = "The alias user's home (default: QMAIL/alias).")
    Path aliasDir;

    @Option(names = "--aliases-cdb", paramLabel = "FILE",
            description = "fastforward's database (default: the one named where .qmail-default runs fastforward).")
    Path aliasesCdb;

    @Option(names = "--routed-addresses", paramLabel = "DIR",
            description = "DIR/DOMAIN lists the local parts of a domain in control/smtproutes; without it the domain"
                    + " is accepted whole.")
    Path routedAddresses;

    @Option(names = "--reader", paramLabel = "USER",
            description = "The user the helpers run as, warned about when it cannot read the cdb (default: qmaild).")
    String reader;

    @Option(names = "--watch", description = "Stay in the foreground and rebuild on every change (for supervise).")
    boolean watch;

    @Option(names = "--rescan", paramLabel = "SECONDS",
            description = "With --watch: full rescan at least this often (default: ${DEFAULT-VALUE}).")
    int rescanSeconds = 300;

    @Option(names = "--debounce", paramLabel = "MILLIS",
            description = "With --watch: rebuild after this long without changes (default: ${DEFAULT-VALUE}).")
    int debounceMillis = 1000;

    @Override
    public Integer call() throws IOException {
        if (watch && text) {
            throw new ParameterException(spec.commandLine(), "--watch writes the cdb; it cannot be combined with --text");
        }
        if (rescanSeconds < 1 || debounceMillis < 0) {
            throw new ParameterException(spec.commandLine(), "--rescan must be at least 1 and --debounce at least 0");
        }
        Backend store = backend == null ? null : Backend.named(backend);
        if (backend != null && store == null) {
            throw new ParameterException(spec.commandLine(), "--backend must be vpasswd, mysql or vuserinfo, not " + backend);
        }
        if (acceptUnchecked && rejectUnchecked) {
            throw new ParameterException(spec.commandLine(),
                    "--accept-unchecked-domains and --reject-unchecked-domains exclude each other");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path cdb = output != null ? output : qmail.resolve("control/validrcptto.cdb");
        // The pause before a second read is the debounce: the time a writer is given to finish.
        ScanSettings settings = new ScanSettings(qmail, vpopmail, includes,
                acceptUnchecked ? UncheckedDomains.ACCEPT : rejectUnchecked ? UncheckedDomains.REJECT : UncheckedDomains.FAIL,
                passwd, aliasDir != null ? aliasDir : qmail.resolve("alias"), uidRange(), aliasesCdb, routedAddresses,
                new AccountOptions(store, qmailExt, cdb, debounceMillis));
        List<String> readerWarnings = new ArrayList<>();
        SmtpReader smtpReader = text ? null : SmtpReader.find(reader != null ? reader : SmtpReader.DEFAULT, passwd,
                reader != null, readerWarnings);
        if (watch) {
            for (String warning : readerWarnings) {
                out.println("warning: " + warning);
            }
            return new ScanWatcher(settings, cdb, smtpReader, rescanSeconds * 1000L, debounceMillis, out).run();
        }

        long start = System.nanoTime();
        ScanResult result;
        try {
            result = Scanner.scan(settings, new ProgressLine(err));
        } catch (IOException e) {
            throw text ? e : new IOException(e.getMessage() + "; " + cdb + " left as it was", e);
        }
        List<String> warnings = new ArrayList<>(readerWarnings);
        warnings.addAll(result.warnings());
        String what;
        if (text) {
            printWarnings(err, warnings);
            OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
            ScanOutput.text(result.keys(), stdout);
            what = "printed";
        } else {
            boolean written = ScanOutput.publish(cdb, result.keys(), ifChanged, smtpReader, warnings);
            printWarnings(err, warnings);
            what = written ? "written to " + cdb : "unchanged in " + cdb;
        }
        err.println("vchkrcpt scan: " + result.summary().text() + " " + what + ", "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        err.flush();
        return 0;
    }

    private static void printWarnings(PrintWriter err, List<String> warnings) {
        for (String warning : warnings) {
            err.println("vchkrcpt scan: warning: " + warning);
        }
    }

    private ScanSettings.UidRange uidRange() {
        int dash = uids.indexOf('-');
        String min = dash < 0 ? "" : uids.substring(0, dash);
        String max = dash < 0 ? "" : uids.substring(dash + 1);
        if (!min.matches("[0-9]{1,10}") || !max.matches("[0-9]{1,10}") || Long.parseLong(min) > Long.parseLong(max)) {
            throw new ParameterException(spec.commandLine(), "--uids wants MIN-MAX, e.g. 500-65000, not " + uids);
        }
        return new ScanSettings.UidRange(Long.parseLong(min), Long.parseLong(max));
    }
}
