package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * validrcptto.cdb reads as a cdb from the first record to the last, every key is found through the
 * hash tables, it holds keys, and they can match: the helper looks up lowercased addresses.
 */
final class CdbCheck implements Check {
    @Override
    public String topic() {
        return "cdb";
    }

    @Override
    public void run(Service service, Report report) throws IOException {
        if (service.settings() == null) {
            return;
        }
        Path file = service.cdbPath();
        CdbContent cdb;
        try {
            cdb = service.cdb();
        } catch (NoSuchFileException e) {
            report.fail(topic(), file + " does not exist: every recipient gets 421: build it (vchkrcpt scan,"
                    + " or jms1's mkvalidrcptto through cdbmake)");
            return;
        } catch (IOException e) {
            report.fail(topic(), "unable to read " + file + " as a cdb: " + why(e) + ": every recipient gets 421:"
                    + " build it again (vchkrcpt scan)");
            return;
        }
        if (cdb.keys().isEmpty()) {
            report.fail(topic(), file + " holds no keys, so no recipient can be accepted: build it again"
                    + " (vchkrcpt scan)");
            return;
        }
        List<String> upper = new ArrayList<>();
        for (String key : cdb.keys().keySet()) {
            if (!key.equals(vchkrcpt.policy.Addresses.lowerAscii(key))) {
                upper.add(key);
            }
        }
        if (!upper.isEmpty()) {
            report.warning(topic(), file + ": " + upper.size() + " of " + cdb.keys().size()
                    + " keys have upper-case letters (" + upper.get(0) + "), and the helper looks up lowercased"
                    + " addresses, so they never match: build the cdb with vchkrcpt scan, or lowercase the keys");
            return;
        }
        report.ok(topic(), file + ": " + cdb.keys().size() + " keys, written " + Times.of(Files.getLastModifiedTime(file)));
    }

    static String why(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
