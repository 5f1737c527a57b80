package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;

/**
 * Never publish less than the installation holds: a vpasswd emptied, cut at a line, or still being
 * written is not published when its domain's mailboxes drop sharply, unless vpasswd.cdb agrees
 * (a real mass deletion). And run as root, scan reads no file planted in a domain directory.
 */
class VpasswdGuardTest {
    private static final String DOMAIN = "big.example";

    @TempDir
    Path root;

    private VpopmailTree tree;
    private VpopmailTree.Domain big;
    private Path cdb;
    private List<String> lines;
    private WatchService service;

    @BeforeEach
    void install() throws Exception {
        tree = new VpopmailTree(root);
        big = tree.domain(DOMAIN, "| " + tree.home + "/bin/vdelivermail '' bounce-no-mailbox\n");
        for (int i = 1; i <= 20; i++) {
            big.user56(String.format("user%02d", i), null);
        }
        big.compileVpasswd();
        tree.control("rcpthosts", DOMAIN);
        cdb = tree.qmail.resolve("control/validrcptto.cdb");
        lines = Files.readAllLines(big.dir.resolve("vpasswd"), StandardCharsets.ISO_8859_1);
        Helper.Result first = scan();
        assertEquals(0, first.status(), first.stderr());
        assertTrue(first.stderr().contains("21 keys written"), first.stderr());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    private Helper.Result scan(String... more) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("scan", "--qmail", tree.qmail.toString(), "--debounce", "50"));
        args.addAll(List.of(more));
        return Helper.run(Map.of(), args);
    }

    /** The first {@code count} lines of the full vpasswd. */
    private String first(int count) {
        StringBuilder text = new StringBuilder();
        for (String line : lines.subList(0, count)) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    private void assertRefused(Helper.Result r, int now, String why) throws IOException {
        assertEquals(111, r.status(), r.stderr());
        assertEquals("vchkrcpt: fatal: unable to trust the accounts read for " + DOMAIN + ": its mailbox keys dropped from"
                + " 20 to " + now + " since the last cdb, and vpasswd files did not confirm it: " + why + "; " + cdb
                + " left as it was\n", r.stderr());
        assertEquals("user", find("user20@" + DOMAIN));
    }

    @Test
    void anEmptiedVpasswdIsNotPublished() throws Exception {
        byte[] before = Files.readAllBytes(cdb);
        big.vpasswd("");
        assertRefused(scan(), 0, "vpasswd has 0 names and vpasswd.cdb 20: vpasswd is being written or was cut short");
        assertArrayEquals(before, Files.readAllBytes(cdb));
    }

    @Test
    void aVpasswdCutAtALineBoundaryIsNotPublished() throws Exception {
        big.vpasswd(first(12));
        assertRefused(scan("-c"), 12, "vpasswd has 12 names and vpasswd.cdb 20: vpasswd is being written or was cut short");
    }

    @Test
    void aRealMassDeletionGoesThrough() throws Exception {
        big.vpasswd(first(5)).compileVpasswd();
        Helper.Result r = scan();
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("6 keys written"), r.stderr());
        assertNull(find("user20@" + DOMAIN));
    }

    @Test
    void aSmallDropNeedsNoSecondOpinion() throws Exception {
        // vdeluser of 1 of 20 (5 %): published at once, even with vpasswd.cdb not yet rebuilt.
        big.vpasswd(first(19));
        Helper.Result r = scan();
        assertEquals(0, r.status(), r.stderr());
        assertNull(find("user20@" + DOMAIN));
    }

    @Test
    void withoutVpasswdCdbASecondReadAfterThePauseDecides() throws Exception {
        Files.delete(big.dir.resolve("vpasswd.cdb"));
        big.vpasswd(first(5));
        Helper.Result r = scan();
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("6 keys written"), r.stderr());
    }

    @Test
    void aVpasswdBeingWrittenUnderWatchIsPublishedOnlyWhenComplete() throws Exception {
        service = WatchService.start(root.resolve("watch.log"), "--qmail", tree.qmail.toString(), "--debounce", "100",
                "--rescan", "3600");
        service.await("the first build", () -> service.logHas(" (start): 21 keys"));

        // A writer that has put down the first 7 lines of a new vpasswd, and goes on later.
        big.vpasswd(first(7));
        service.await("the refused rebuild", () -> service.logHas("failed (changed: " + big.dir.resolve("vpasswd") + "): unable to trust"
                + " the accounts read for " + DOMAIN + ": its mailbox keys dropped from 20 to 7"));
        assertEquals("user", find("user20@" + DOMAIN), "the old cdb stays");

        Files.writeString(big.dir.resolve("vpasswd"), String.join("\n", lines.subList(7, 20)) + "\n",
                StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        big.user56("user21", null).compileVpasswd();
        service.await("the complete file published", () -> "user".equals(find("user21@" + DOMAIN)));
        assertEquals("user", find("user20@" + DOMAIN));

        // vdeluser of most accounts: vpasswd and vpasswd.cdb agree, so it goes through.
        big.vpasswd(first(3)).compileVpasswd();
        service.await("the mass deletion published", () -> find("user20@" + DOMAIN) == null);
        assertEquals("user", find("user01@" + DOMAIN));
        assertTrue(service.isAlive(), service.log());
    }

    @Test
    void aVpasswdLinkedToAnotherFileIsNotFollowed() throws Exception {
        byte[] before = Files.readAllBytes(cdb);
        Path secret = Files.writeString(root.resolve("secret"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.delete(big.dir.resolve("vpasswd"));
        Files.createSymbolicLink(big.dir.resolve("vpasswd"), secret);
        Helper.Result r = scan();
        assertEquals(111, r.status(), r.stderr());
        assertEquals("vchkrcpt: fatal: unable to read " + big.dir.resolve("vpasswd") + ": a symbolic link, not followed; "
                + cdb + " left as it was\n", r.stderr());
        assertArrayEquals(before, Files.readAllBytes(cdb));
    }

    @Test
    void aVpasswdOwnedBySomeoneElseIsNotRead() throws Exception {
        // The domain's user in assign is not the owner of the files (here: the test's user + 1).
        Path odd = Files.createDirectories(tree.home.resolve("domains/odd.example"));
        Files.writeString(odd.resolve("vpasswd"), "root:x:1:0:root:/root:NOQUOTA\n");
        int other = tree.uid() + 1;
        tree.otherAssignLine("+odd.example-:odd.example:" + other + ":" + other + ":" + odd + ":-::");
        Helper.Result r = scan();
        assertEquals(111, r.status(), r.stderr());
        assertEquals("vchkrcpt: fatal: unable to read " + odd.resolve("vpasswd") + ": owned by uid " + tree.uid()
                + ", not by uid " + other + " (" + VpasswdStore.OWNER + "); not read, since it may be a link to any file"
                + " of the system; " + cdb + " left as it was\n", r.stderr());
        assertFalse(Files.readString(cdb, StandardCharsets.ISO_8859_1).contains("root@"));
    }

    private String find(String key) {
        return WatchService.find(cdb, key);
    }
}
