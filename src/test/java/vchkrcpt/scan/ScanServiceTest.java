package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Daemontools;
import vchkrcpt.testing.Helper;

/** The shipped run files under daemontools: supervise starts and stops the watch service, multilog stamps lines. */
class ScanServiceTest {
    @TempDir
    Path root;

    @Test
    void superviseRunsAndStopsTheWatchService() throws Exception {
        assumeTrue(new File("/usr/bin/supervise").canExecute(), "daemontools is not installed");
        VpopmailTree tree = StandardInstallation.build(root);
        Path service = root.resolve("vchkrcpt-scan");
        Files.createDirectories(service);
        // The run file as shipped; its settings are files in ./env.
        Daemontools.executable(service.resolve("run"), Files.readString(Helper.TOP.resolve("scripts/vchkrcpt-scan.run")));
        Files.createDirectories(service.resolve("env"));
        Files.writeString(service.resolve("env/QMAIL"), tree.qmail + "\n");
        Files.writeString(service.resolve("env/VCHKRCPT"), Helper.PROGRAM + "\n");
        Files.writeString(service.resolve("env/SCAN_OPTIONS"), "--reject-unchecked-domains\n");

        Path log = root.resolve("log");
        Process supervise = new ProcessBuilder("/usr/bin/supervise", service.toString())
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        try {
            Path cdb = tree.qmail.resolve("control/validrcptto.cdb");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(log).contains("rebuilt " + cdb + " (start): 35 keys") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(log).contains("rebuilt " + cdb + " (start): 35 keys"), Files.readString(log));
            assertTrue(Daemontools.svstat(service).contains(": up (pid "), Daemontools.svstat(service));

            assertEquals(0, new ProcessBuilder("/usr/bin/svc", "-dx", service.toString()).start().waitFor());
            assertTrue(supervise.waitFor(10, TimeUnit.SECONDS), "supervise did not stop the service: " + Daemontools.svstat(service));
        } finally {
            supervise.destroy();
            supervise.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLogRunFileStampsEveryLine() throws Exception {
        assumeTrue(new File("/usr/bin/multilog").canExecute(), "daemontools is not installed");
        // A stand-in for setuidgid: no qmaill user here, and the test does not need the switch.
        Path bin = root.resolve("bin");
        Files.createDirectories(bin);
        Daemontools.executable(bin.resolve("setuidgid"), "#!/bin/sh\nshift\nexec \"$@\"\n");
        Path logDir = root.resolve("log");
        Files.createDirectories(logDir.resolve("main"));
        Files.createDirectories(root.resolve("env"));   // the service's envdir, beside log/

        ProcessBuilder pb = new ProcessBuilder("/bin/sh", Helper.TOP.resolve("scripts/log.run").toString())
                .directory(logDir.toFile());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        p.getOutputStream().write("rebuilt /var/qmail/control/validrcptto.cdb (start): 1 keys\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        assertEquals(0, p.waitFor());
        String current = Files.readString(logDir.resolve("main/current"));
        assertTrue(current.matches("@4000[0-9a-f]{20} rebuilt /var/qmail/control/validrcptto.cdb \\(start\\): 1 keys\n"), current);
    }
}
