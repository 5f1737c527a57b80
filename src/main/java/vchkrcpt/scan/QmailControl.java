package vchkrcpt.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import vchkrcpt.cdb.CdbSequentialReader;
import vchkrcpt.policy.Addresses;

/**
 * The control files that say which domains qmail receives and where it delivers them:
 * rcpthosts and morercpthosts.cdb (qmail-smtpd), locals or me and virtualdomains (qmail-send),
 * smtproutes (qmail-remote). Each is read as its qmail program reads it.
 */
final class QmailControl {
    final Set<String> rcpthosts = new LinkedHashSet<>();
    final Set<String> locals = new LinkedHashSet<>();
    final ControlMap virtualdomains;
    final ControlMap smtproutes;
    /** Where locals came from: control/locals, or control/me when locals does not exist. */
    final String localsFile;

    private QmailControl(ControlMap virtualdomains, ControlMap smtproutes, String localsFile) {
        this.virtualdomains = virtualdomains;
        this.smtproutes = smtproutes;
        this.localsFile = localsFile;
    }

    /** The files of control/ it reads. */
    static final List<String> FILES = List.of("rcpthosts", "morercpthosts", "morercpthosts.cdb", "locals", "me",
            "virtualdomains", "smtproutes");

    static QmailControl read(Path qmail, List<String> warnings) throws IOException {
        Path control = qmail.resolve("control");
        String locals = InstallFiles.readIfExists(control.resolve("locals"));
        String localsFile = "control/locals";
        if (locals == null) {
            // qmail-send: without locals, the one line of me is the local domain.
            locals = InstallFiles.readIfExists(control.resolve("me"));
            localsFile = "control/me";
        }
        QmailControl read = new QmailControl(ControlMap.of(lines(control.resolve("virtualdomains"))),
                ControlMap.of(lines(control.resolve("smtproutes"))), localsFile);
        if (locals != null) {
            for (String line : ControlFile.lines(locals)) {
                read.locals.add(Addresses.lowerAscii(line));
                if (localsFile.equals("control/me")) {
                    break;
                }
            }
        }
        for (String line : lines(control.resolve("rcpthosts"))) {
            read.rcpthosts.add(Addresses.lowerAscii(line));
        }
        read.readMorercpthosts(control, warnings);
        return read;
    }

    /**
     * qmail-smtpd reads morercpthosts.cdb, which qmail-newmrh compiles from the text file: both
     * are read, and a text file the cdb does not match is named (qmail-newmrh not run yet).
     */
    private void readMorercpthosts(Path control, List<String> warnings) throws IOException {
        Path cdb = control.resolve("morercpthosts.cdb");
        Set<String> compiled = new TreeSet<>();
        try (CdbSequentialReader records = CdbSequentialReader.open(InstallFiles.trusted(cdb))) {
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            while (records.next()) {
                key.reset();
                records.copyKey(key);
                compiled.add(Addresses.lowerAscii(key.toString(StandardCharsets.ISO_8859_1)));
            }
        } catch (NoSuchFileException e) {
            // No morercpthosts: rcpthosts alone.
        } catch (IOException e) {
            throw new IOException("unable to read " + cdb + ": " + InstallFiles.why(e), e);
        }
        String text = InstallFiles.readIfExists(control.resolve("morercpthosts"));
        Set<String> source = new TreeSet<>();
        if (text != null) {
            for (String line : ControlFile.lines(text)) {
                source.add(Addresses.lowerAscii(line));
            }
            if (!source.equals(compiled)) {
                warnings.add(control.resolve("morercpthosts") + " and " + cdb + " differ (run qmail-newmrh):"
                        + " qmail-smtpd reads the cdb; the domains of both are scanned");
            }
        }
        rcpthosts.addAll(compiled);
        rcpthosts.addAll(source);
    }

    /** Whether qmail-smtpd receives mail for this domain: its name or a {@code .SUFFIX} of it is listed. */
    boolean receives(String domain) {
        for (int i = 0; i < domain.length(); i++) {
            if ((i == 0 || domain.charAt(i) == '.') && rcpthosts.contains(domain.substring(i))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lines(Path file) throws IOException {
        String text = InstallFiles.readIfExists(file);
        return text == null ? new ArrayList<>() : ControlFile.lines(text);
    }
}
