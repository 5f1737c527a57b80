package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import vchkrcpt.scan.AssignEntry;
import vchkrcpt.scan.AssignFile;

/**
 * validrcptto.cdb is newer than every file its keys come from: users/assign, each vpopmail domain
 * directory (a new or removed .qmail file changes it), its vpasswd and .qmail-default, and the
 * control files that name the received domains. A newer file may mean addresses the cdb does not
 * know yet; it may also be a change no key depends on (a new password rewrites vpasswd).
 */
final class CdbAgeCheck implements Check {
    private static final List<String> CONTROL = List.of("rcpthosts", "morercpthosts", "morercpthosts.cdb", "locals",
            "virtualdomains", "smtproutes");

    @Override
    public String topic() {
        return "cdb age";
    }

    @Override
    public void run(Service service, Report report) throws IOException {
        if (service.settings() == null || !Files.isRegularFile(service.cdbPath())) {
            return;
        }
        Path cdb = service.cdbPath();
        FileTime written = Files.getLastModifiedTime(cdb);
        List<Path> sources = new ArrayList<>();
        for (String name : CONTROL) {
            sources.add(service.qmail().resolve("control").resolve(name));
        }
        Path assign = service.qmail().resolve("users/assign");
        sources.add(assign);
        try {
            String text = new String(Files.readAllBytes(assign), StandardCharsets.ISO_8859_1);
            for (AssignEntry entry : AssignFile.parse(text, assign.toString())) {
                Path dir = Path.of(entry.dir());
                sources.add(dir);
                sources.add(dir.resolve("vpasswd"));
                sources.add(dir.resolve(".qmail-default"));
            }
        } catch (NoSuchFileException e) {
            // Not a vpopmail installation: only the control files count.
        } catch (IOException e) {
            report.warning(topic(), CdbCheck.why(e) + ": the domain directories were not compared");
        }
        Path newest = null;
        FileTime newestTime = written;
        for (Path source : sources) {
            if (Files.exists(source)) {
                FileTime time = Files.getLastModifiedTime(source);
                if (time.compareTo(newestTime) > 0) {
                    newest = source;
                    newestTime = time;
                }
            }
        }
        if (newest != null) {
            report.warning(topic(), cdb + " (written " + Times.of(written) + ") is older than " + newest
                    + " (changed " + Times.of(newestTime) + "): if that change added or removed an address or a"
                    + " domain, the cdb does not know it yet: run vchkrcpt scan (or keep the vchkrcpt-scan"
                    + " service running)");
            return;
        }
        report.ok(topic(), cdb + " is newer than users/assign, the domain directories, their vpasswd files and"
                + " the control files");
    }
}
