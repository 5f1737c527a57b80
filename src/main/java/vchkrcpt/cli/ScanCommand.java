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
import vchkrcpt.env.HelperConfig;
import vchkrcpt.scan.ProgressLine;
import vchkrcpt.scan.ScanOutput;
import vchkrcpt.scan.ScanResult;
import vchkrcpt.scan.ScanSettings;
import vchkrcpt.scan.ScanWatcher;
import vchkrcpt.scan.Scanner;

/** {@code vchkrcpt scan}: builds validrcptto.cdb from a qmail + vpopmail installation, once or as a service. */
@Command(name = "scan", sortOptions = false,
        description = {"Build validrcptto.cdb from qmail's users/assign and the vpopmail domains:",
                "mailboxes (vpasswd), aliases (.qmail-NAME), catch-alls (.qmail-default).",
                "Writes the cdb atomically; on any error the old file stays and the exit status is 111."})
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--qmail", paramLabel = "DIR", description = "The qmail home (default: ${DEFAULT-VALUE}).")
    Path qmail = Path.of(HelperConfig.QMAIL_HOME);

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
            description = "Give rcpthosts domains that are not vpopmail domains an @domain key (accept all)."
                    + " Default: no key, so the helper rejects every address there.")
    boolean acceptUnchecked;

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
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScanSettings settings = new ScanSettings(qmail, vpopmail, includes, acceptUnchecked);
        Path cdb = output != null ? output : qmail.resolve("control/validrcptto.cdb");
        if (watch) {
            return new ScanWatcher(settings, cdb, rescanSeconds * 1000L, debounceMillis, out).run();
        }

        long start = System.nanoTime();
        ScanResult result;
        try {
            result = Scanner.scan(settings, new ProgressLine(err));
        } catch (IOException e) {
            throw text ? e : new IOException(e.getMessage() + "; " + cdb + " left as it was", e);
        }
        for (String warning : result.warnings()) {
            err.println("vchkrcpt scan: warning: " + warning);
        }
        String what;
        if (text) {
            OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
            ScanOutput.text(result.keys(), stdout);
            what = "printed";
        } else {
            what = ScanOutput.publish(cdb, result.keys(), ifChanged) ? "written to " + cdb : "unchanged in " + cdb;
        }
        err.println("vchkrcpt scan: " + result.summary().text() + " " + what + ", "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        err.flush();
        return 0;
    }
}
