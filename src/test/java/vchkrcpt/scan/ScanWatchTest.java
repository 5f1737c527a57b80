package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * {@code vchkrcpt scan --watch} as supervise runs it. The rescan interval is far longer than the
 * test, so every rebuild seen here comes from the WatchService.
 */
class ScanWatchTest {
    @TempDir
    Path root;

    private WatchService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void changesReachTheCdbAndAVanishedDomainDoesNotStopTheService() throws Exception {
        VpopmailTree tree = StandardInstallation.build(root);
        // The default output, in control/: writing it must not count as a change.
        Path cdb = tree.qmail.resolve("control/validrcptto.cdb");
        service = WatchService.start(root.resolve("log"), "--qmail", tree.qmail.toString(), "--reject-unchecked-domains",
                "--debounce", "100", "--rescan", "3600");
        service.await("the first build", () -> service.logHas("rebuilt " + cdb + " (start): 35 keys"));

        Path fwd = tree.home.resolve("domains/fwd.example");
        new VpopmailTree.Domain("fwd.example", fwd).user56("carol", null);
        service.await("a new mailbox in the cdb", () -> "user".equals(WatchService.find(cdb, "carol@fwd.example")));

        Files.writeString(fwd.resolve(".qmail-sales"), "&carol@fwd.example\n");
        service.await("a new alias in the cdb", () -> "alias".equals(WatchService.find(cdb, "sales@fwd.example")));

        // vdeldomain removes the directory, then the assign line: in between the scan fails.
        Path plain = tree.home.resolve("domains/plain.example");
        deleteTree(plain);
        service.await("a failed rebuild", () -> service.logHas("failed (changed: ") && service.logHas("unable to read the directory of plain.example"));
        assertTrue("user".equals(WatchService.find(cdb, "postmaster@plain.example")), "the old cdb stays");
        tree.removeAssign("plain.example");
        service.await("the domain gone from the cdb", () -> WatchService.find(cdb, "postmaster@plain.example") == null);

        // vadddomain again: the new directory gets a watch of its own.
        tree.domain("plain.example", null).user56("postmaster", null);
        service.await("the domain back", () -> "user".equals(WatchService.find(cdb, "postmaster@plain.example")));
        new VpopmailTree.Domain("plain.example", plain).user56("dave", null);
        service.await("a mailbox in the new directory", () -> "user".equals(WatchService.find(cdb, "dave@plain.example")));

        assertTrue(service.isAlive(), service.log());
        List<String> lines = List.of(service.log().split("\n"));
        assertTrue(lines.stream().noneMatch(l -> l.contains("(changed: " + cdb)), "its own output is no change: " + lines);
    }

    @Test
    void theServiceEndsWith111WhenTheQmailDirectoryIsGone() throws Exception {
        VpopmailTree tree = StandardInstallation.build(root);
        Path cdb = root.resolve("validrcptto.cdb");
        service = WatchService.start(root.resolve("log"), "--qmail", tree.qmail.toString(), "--reject-unchecked-domains",
                "-o", cdb.toString(), "--debounce", "100", "--rescan", "3600");
        service.await("the first build", () -> service.logHas("rebuilt " + cdb + " (start)"));
        deleteTree(tree.qmail);
        Integer status = service.exitWithin(8000);
        if (status == null) {
            fail("still running without its qmail directory: " + service.log());
        }
        assertTrue(status == 111, "status " + status + ": " + service.log());
        assertTrue(service.logHas("vchkrcpt: fatal: unable to read " + tree.qmail + ": the qmail directory is gone"), service.log());
    }

    @Test
    void aRemovedOrReplacedCdbIsRebuiltAtOnce() throws Exception {
        VpopmailTree tree = StandardInstallation.build(root);
        Path cdb = root.resolve("validrcptto.cdb");
        service = WatchService.start(root.resolve("log"), "--qmail", tree.qmail.toString(),
                "--reject-unchecked-domains", "-o", cdb.toString(), "--debounce", "100", "--rescan", "3600");
        service.await("the first build", () -> service.logHas("rebuilt " + cdb + " (start)"));

        Files.delete(cdb);
        service.await("the cdb back", () -> service.logHas("rebuilt " + cdb + " (changed: " + cdb + " (removed)): 35 keys")
                && "user".equals(WatchService.find(cdb, "alice@example.com")));

        // Someone renames another file over it (an old backup, a tool of their own).
        Path other = root.resolve("other.cdb");
        vchkrcpt.testing.TestCdb.write(other, "someone@example.com", "user");
        Files.move(other, cdb, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        service.await("the cdb rebuilt over the stranger", () -> service.logHas("rebuilt " + cdb + " (changed: " + cdb + " (replaced)): 35 keys")
                && "user".equals(WatchService.find(cdb, "alice@example.com")) && WatchService.find(cdb, "someone@example.com") == null);
        assertTrue(service.isAlive(), service.log());
    }

    @Test
    void changesToTheSystemSourcesReachTheCdb() throws Exception {
        SystemTree sys = SystemInstallation.build(root);
        Path cdb = root.resolve("validrcptto.cdb");
        service = WatchService.start(root.resolve("log"), "--qmail", sys.qmail.toString(),
                "--passwd", sys.passwd.toString(), "--routed-addresses", root.resolve("routed").toString(),
                "--uids", sys.uids.toString(),
                "-o", cdb.toString(), "--debounce", "100", "--rescan", "3600");
        service.await("the first build", () -> service.logHas("rebuilt " + cdb + " (start): 57 keys"));

        sys.dotQmail(root.resolve("home/bob"), "news", "&bob\n");
        service.await("a new ~/.qmail-EXT", () -> "alias".equals(WatchService.find(cdb, "bob-news@example.org")));
        Path frank = sys.account("frank");
        service.await("a new account", () -> "user".equals(WatchService.find(cdb, "frank@example.org")));
        service.await("its home watched", () -> service.logHas("(new directories watched)"));
        sys.dotQmail(frank, "sales", "&frank\n");
        service.await("a .qmail file in the new home", () -> "alias".equals(WatchService.find(cdb, "frank-sales@example.org")));
        sys.dotQmail(sys.aliasDir, "hostmaster", "&alice\n");
        service.await("the alias directory", () -> "alias".equals(WatchService.find(cdb, "hostmaster@example.org")));
        SystemInstallation.setforward(root.resolve("etc/aliases.cdb"), "sales@: alice;\n");
        service.await("fastforward's database", () -> "alias".equals(WatchService.find(cdb, "sales@example.org"))
                && WatchService.find(cdb, "abuse@example.org") == null);
        sys.control("smtproutes", "backup.example:mx.backup.example", "partial.example:gw.example:2525",
                ":smarthost.example", "gw2.example:gw2.example");
        sys.control("locals", "example.org", "mail.example.org", "third.example");
        sys.control("rcpthosts", "example.org", "mail.example.org", "virt.example", "novirt.example", "backup.example",
                "partial.example", "vpop.example", "third.example");
        service.await("a third local domain", () -> "user".equals(WatchService.find(cdb, "bob@third.example")));
        Files.writeString(root.resolve("routed/partial.example"), "sales\nsupport\n");
        service.await("the gateway's address list", () -> "relay".equals(WatchService.find(cdb, "support@partial.example"))
                && WatchService.find(cdb, "info@partial.example") == null);
        assertTrue(service.isAlive(), service.log());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
