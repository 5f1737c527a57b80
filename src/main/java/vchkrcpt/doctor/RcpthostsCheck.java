package vchkrcpt.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import vchkrcpt.cdb.CdbSequentialReader;
import vchkrcpt.policy.Addresses;
import vchkrcpt.scan.ControlFile;

/**
 * Every domain qmail-smtpd receives mail for (control/rcpthosts and morercpthosts.cdb, the files
 * qmail-smtpd reads) has a key in validrcptto.cdb: without one the helper rejects every address
 * there, a whole domain's mail refused.
 */
final class RcpthostsCheck implements Check {
    @Override
    public String topic() {
        return "rcpthosts";
    }

    @Override
    public void run(Service service, Report report) throws IOException {
        if (service.settings() == null) {
            return;
        }
        CdbContent cdb;
        try {
            cdb = service.cdb();
        } catch (IOException e) {
            return;   // the cdb check said so
        }
        Path control = service.qmail().resolve("control");
        Set<String> hosts = new LinkedHashSet<>();
        try {
            for (String line : ControlFile.lines(new String(Files.readAllBytes(control.resolve("rcpthosts")),
                    StandardCharsets.ISO_8859_1))) {
                hosts.add(Addresses.lowerAscii(line));
            }
        } catch (NoSuchFileException e) {
            report.warning(topic(), control.resolve("rcpthosts") + " does not exist: qmail-smtpd relays for anyone");
            return;
        }
        hosts.addAll(moreRcpthosts(control.resolve("morercpthosts.cdb")));
        List<String> uncovered = new ArrayList<>();
        List<String> wildcards = new ArrayList<>();
        for (String host : hosts) {
            if (host.startsWith(".")) {
                wildcards.add(host);
            } else if (!cdb.covers(host)) {
                uncovered.add(host);
            }
        }
        if (!uncovered.isEmpty()) {
            report.fail(topic(), uncovered.size() + " of " + hosts.size() + " received domains have no key in "
                    + service.cdbPath() + ", so every address there is rejected: " + String.join(" ", uncovered)
                    + ": rebuild the cdb (vchkrcpt scan accounts for every rcpthosts domain, or says why it"
                    + " cannot), or remove them from rcpthosts");
        } else if (!wildcards.isEmpty()) {
            report.warning(topic(), "the rcpthosts entries " + String.join(" ", wildcards) + " receive every"
                    + " subdomain, but keys cover only the names listed on their own: addresses at other subdomains"
                    + " are rejected");
        } else {
            report.ok(topic(), "each of the " + hosts.size() + " received domains has keys");
        }
    }

    /** The domains of morercpthosts.cdb, its keys; none when there is no such file. */
    private static List<String> moreRcpthosts(Path file) throws IOException {
        List<String> hosts = new ArrayList<>();
        if (!Files.exists(file)) {
            return hosts;
        }
        try (CdbSequentialReader records = CdbSequentialReader.open(file)) {
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            while (records.next()) {
                key.reset();
                records.copyKey(key);
                hosts.add(Addresses.lowerAscii(key.toString(StandardCharsets.ISO_8859_1)));
            }
        }
        return hosts;
    }
}
