package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbReader;
import vchkrcpt.testing.Helper;

/**
 * {@code vchkrcpt scan --watch} as supervise runs it. The rescan interval is far longer than the
 * test, so every rebuild seen here comes from the WatchService.
 */
class ScanWatchTest {
    private static final long WITHIN_MILLIS = 8000;

    @TempDir
    Path root;

    private Process service;
    private Path log;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.destroy();
            service.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void changesReachTheCdbAndAVanishedDomainDoesNotStopTheService() throws Exception {
        VpopmailTree tree = StandardInstallation.build(root);
        // The default output, in control/: writing it must not count as a change.
        Path cdb = tree.qmail.resolve("control/validrcptto.cdb");
        log = root.resolve("log");
        service = new ProcessBuilder(Helper.PROGRAM.toString(), "scan", "--watch", "--qmail", tree.qmail.toString(), "--reject-unchecked-domains",
                "--debounce", "100", "--rescan", "3600")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        await("the first build", () -> logHas("rebuilt " + cdb + " (start): 35 keys"));

        Path fwd = tree.home.resolve("domains/fwd.example");
        new VpopmailTree.Domain("fwd.example", fwd).user56("carol", null);
        await("a new mailbox in the cdb", () -> "user".equals(find(cdb, "carol@fwd.example")));

        Files.writeString(fwd.resolve(".qmail-sales"), "&carol@fwd.example\n");
        await("a new alias in the cdb", () -> "alias".equals(find(cdb, "sales@fwd.example")));

        // vdeldomain removes the directory, then the assign line: in between the scan fails.
        Path plain = tree.home.resolve("domains/plain.example");
        deleteTree(plain);
        await("a failed rebuild", () -> logHas("failed (changed: ") && logHas("unable to read the directory of plain.example"));
        assertTrue("user".equals(find(cdb, "postmaster@plain.example")), "the old cdb stays");
        tree.removeAssign("plain.example");
        await("the domain gone from the cdb", () -> find(cdb, "postmaster@plain.example") == null);

        // vadddomain again: the new directory gets a watch of its own.
        tree.domain("plain.example", null).user56("postmaster", null);
        await("the domain back", () -> "user".equals(find(cdb, "postmaster@plain.example")));
        new VpopmailTree.Domain("plain.example", plain).user56("dave", null);
        await("a mailbox in the new directory", () -> "user".equals(find(cdb, "dave@plain.example")));

        assertTrue(service.isAlive(), log());
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().noneMatch(l -> l.contains("(changed: " + cdb)), "its own output is no change: " + lines);
    }

    @Test
    void theServiceEndsWith111WhenTheQmailDirectoryIsGone() throws Exception {
        VpopmailTree tree = StandardInstallation.build(root);
        log = root.resolve("log");
        Path cdb = root.resolve("validrcptto.cdb");
        service = new ProcessBuilder(Helper.PROGRAM.toString(), "scan", "--watch", "--qmail", tree.qmail.toString(), "--reject-unchecked-domains",
                "-o", cdb.toString(), "--debounce", "100", "--rescan", "3600")
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        await("the first build", () -> logHas("rebuilt " + cdb + " (start)"));
        deleteTree(tree.qmail);
        if (!service.waitFor(WITHIN_MILLIS, TimeUnit.MILLISECONDS)) {
            fail("still running without its qmail directory: " + log());
        }
        assertTrue(service.exitValue() == 111, "status " + service.exitValue() + ": " + log());
        assertTrue(logHas("vchkrcpt: fatal: unable to read " + tree.qmail + ": the qmail directory is gone"), log());
    }

    @Test
    void aRemovedOrReplacedCdbIsRebuiltAtOnce() throws Exception {
        VpopmailTree tree = StandardInstallation.build(root);
        log = root.resolve("log");
        Path cdb = root.resolve("validrcptto.cdb");
        service = new ProcessBuilder(Helper.PROGRAM.toString(), "scan", "--watch", "--qmail", tree.qmail.toString(),
                "--reject-unchecked-domains", "-o", cdb.toString(), "--debounce", "100", "--rescan", "3600")
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        await("the first build", () -> logHas("rebuilt " + cdb + " (start)"));

        Files.delete(cdb);
        await("the cdb back", () -> logHas("rebuilt " + cdb + " (changed: " + cdb + " (removed)): 35 keys")
                && "user".equals(find(cdb, "alice@example.com")));

        // Someone renames another file over it (an old backup, a tool of their own).
        Path other = root.resolve("other.cdb");
        vchkrcpt.testing.TestCdb.write(other, "someone@example.com", "user");
        Files.move(other, cdb, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        await("the cdb rebuilt over the stranger", () -> logHas("rebuilt " + cdb + " (changed: " + cdb + " (replaced)): 35 keys")
                && "user".equals(find(cdb, "alice@example.com")) && find(cdb, "someone@example.com") == null);
        assertTrue(service.isAlive(), log());
    }

    @Test
    void changesToTheSystemSourcesReachTheCdb() throws Exception {
        SystemTree sys = SystemInstallation.build(root);
        log = root.resolve("log");
        Path cdb = root.resolve("validrcptto.cdb");
        service = new ProcessBuilder(Helper.PROGRAM.toString(), "scan", "--watch", "--qmail", sys.qmail.toString(),
                "--passwd", sys.passwd.toString(), "--routed-addresses", root.resolve("routed").toString(),
                "--uids", sys.uids.toString(),
                "-o", cdb.toString(), "--debounce", "100", "--rescan", "3600")
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        await("the first build", () -> logHas("rebuilt " + cdb + " (start): 57 keys"));

        sys.dotQmail(root.resolve("home/bob"), "news", "&bob\n");
        await("a new ~/.qmail-EXT", () -> "alias".equals(find(cdb, "bob-news@example.org")));
        Path frank = sys.account("frank");
        await("a new account", () -> "user".equals(find(cdb, "frank@example.org")));
        await("its home watched", () -> logHas("(new directories watched)"));
        sys.dotQmail(frank, "sales", "&frank\n");
        await("a .qmail file in the new home", () -> "alias".equals(find(cdb, "frank-sales@example.org")));
        sys.dotQmail(sys.aliasDir, "hostmaster", "&alice\n");
        await("the alias directory", () -> "alias".equals(find(cdb, "hostmaster@example.org")));
        SystemInstallation.setforward(root.resolve("etc/aliases.cdb"), "sales@: alice;\n");
        await("fastforward's database", () -> "alias".equals(find(cdb, "sales@example.org"))
                && find(cdb, "abuse@example.org") == null);
        sys.control("smtproutes", "backup.example:mx.backup.example", "partial.example:gw.example:2525",
                ":smarthost.example", "gw2.example:gw2.example");
        sys.control("locals", "example.org", "mail.example.org", "third.example");
        sys.control("rcpthosts", "example.org", "mail.example.org", "virt.example", "novirt.example", "backup.example",
                "partial.example", "vpop.example", "third.example");
        await("a third local domain", () -> "user".equals(find(cdb, "bob@third.example")));
        Files.writeString(root.resolve("routed/partial.example"), "sales\nsupport\n");
        await("the gateway's address list", () -> "relay".equals(find(cdb, "support@partial.example"))
                && find(cdb, "info@partial.example") == null);
        assertTrue(service.isAlive(), log());
    }

    private String log() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private boolean logHas(String text) {
        return log().contains(text);
    }

    private static String find(Path cdb, String key) {
        try (CdbReader reader = CdbReader.open(cdb.toFile())) {
            byte[] data = reader.find(key.getBytes(StandardCharsets.ISO_8859_1));
            return data == null ? null : new String(data, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WITHIN_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not seen within " + WITHIN_MILLIS + " ms; service alive: " + service.isAlive()
                        + "; log:\n" + log());
            }
            if (!service.isAlive()) {
                fail(what + ": the service ended with " + service.exitValue() + "; log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
