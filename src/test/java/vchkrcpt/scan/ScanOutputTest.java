package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbReader;

class ScanOutputTest {
    @TempDir
    Path dir;

    private static SortedMap<String, String> keys(String... pairs) {
        SortedMap<String, String> keys = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put(pairs[i], pairs[i + 1]);
        }
        return keys;
    }

    @Test
    void publishedKeysCanBeLookedUp() throws IOException {
        Path cdb = dir.resolve("validrcptto.cdb");
        assertTrue(ScanOutput.publish(cdb, keys("a@x.example", "user", "@x.example", "-bounce-no-mailbox", "\u00e9@x.example", "alias"), false, null, new ArrayList<>()));
        try (CdbReader reader = CdbReader.open(cdb.toFile())) {
            assertArrayEquals("-bounce-no-mailbox".getBytes(StandardCharsets.ISO_8859_1),
                    reader.find("@x.example".getBytes(StandardCharsets.ISO_8859_1)));
            assertArrayEquals("alias".getBytes(StandardCharsets.ISO_8859_1), reader.find(new byte[] {(byte) 0xe9, '@', 'x', '.', 'e',
                    'x', 'a', 'm', 'p', 'l', 'e'}));
        }
        assertFalse(Files.exists(dir.resolve("validrcptto.cdb.tmp")));
    }

    @Test
    void ifChangedLeavesAnEqualFileAlone() throws IOException {
        Path cdb = dir.resolve("validrcptto.cdb");
        SortedMap<String, String> keys = keys("a@x.example", "user", "b@x.example", "alias");
        assertTrue(ScanOutput.publish(cdb, keys, true, null, new ArrayList<>()));
        Object inode = Files.getAttribute(cdb, "unix:ino");
        assertFalse(ScanOutput.publish(cdb, keys, true, null, new ArrayList<>()));
        assertEquals(inode, Files.getAttribute(cdb, "unix:ino"));
        assertTrue(ScanOutput.publish(cdb, keys, false, null, new ArrayList<>()), "without -c the file is always rewritten");
    }

    @Test
    void anyDifferenceCounts() throws IOException {
        Path cdb = dir.resolve("validrcptto.cdb");
        ScanOutput.publish(cdb, keys("a@x.example", "user", "b@x.example", "alias"), false, null, new ArrayList<>());
        assertTrue(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "alias")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "user")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "alias", "c@x.example", "user")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "c@x.example", "alias")));
        assertFalse(ExistingCdb.holdsExactly(dir.resolve("missing.cdb"), keys()));
        Files.write(dir.resolve("short.cdb"), new byte[100]);
        assertFalse(ExistingCdb.holdsExactly(dir.resolve("short.cdb"), keys()));
    }

    @Test
    void aFileFromCdbmakeWithTheSameRecordsCountsAsEqual() throws IOException, InterruptedException {
        assumeTrue(new File("/usr/bin/cdbmake").canExecute(), "freecdb's cdbmake is not installed");
        Path cdb = dir.resolve("made.cdb");
        Process p = new ProcessBuilder("/usr/bin/cdbmake", cdb.toString(), cdb + ".tmp")
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().write("+11,4:a@x.example->user\n+11,5:b@x.example->alias\n\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        assertEquals(0, p.waitFor());
        assertTrue(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "alias")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "alias", "c@x.example", "x")));
    }

    private static int attribute(Path file, String name) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aRebuiltCdbKeepsTheOldFilesModeOwnerAndGroup() throws IOException {
        Path cdb = dir.resolve("validrcptto.cdb");
        List<String> warnings = new ArrayList<>();
        ScanOutput.publish(cdb, keys("a@x.example", "user"), false, null, warnings);
        assertEquals(0644, attribute(cdb, "mode") & 07777, "a first file is 0644");
        Files.setPosixFilePermissions(cdb, PosixFilePermissions.fromString("rw-r-----"));
        boolean root = attribute(dir, "uid") == 0;
        if (root) {
            // Handed to the SMTP service's user and group, as an admin might.
            PosixFileAttributeView view = Files.getFileAttributeView(cdb, PosixFileAttributeView.class);
            UserPrincipalLookupService names = cdb.getFileSystem().getUserPrincipalLookupService();
            view.setOwner(names.lookupPrincipalByName("4242"));
            view.setGroup(names.lookupPrincipalByGroupName("4243"));
        }
        int uid = attribute(cdb, "uid");
        int gid = attribute(cdb, "gid");
        Object inode = Files.getAttribute(cdb, "unix:ino");

        assertTrue(ScanOutput.publish(cdb, keys("a@x.example", "user", "b@x.example", "user"), true, null, warnings));
        assertTrue(!inode.equals(Files.getAttribute(cdb, "unix:ino")), "replaced by rename");
        assertEquals(0640, attribute(cdb, "mode") & 07777);
        assertEquals(uid, attribute(cdb, "uid"));
        assertEquals(gid, attribute(cdb, "gid"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void temporaryFilesOfKilledScansAreRemovedAndOnlyThose() throws IOException, InterruptedException {
        Path cdb = dir.resolve("validrcptto.cdb");
        Process gone = new ProcessBuilder("/bin/true").start();
        gone.waitFor();
        Path dead = dir.resolve("validrcptto.cdb.tmp." + gone.pid() + ".3");
        Path live = dir.resolve("validrcptto.cdb.tmp." + ProcessHandle.current().pid() + ".999999");
        Path other = dir.resolve("validrcptto.cdb.tmp.notours");
        Path otherCdb = dir.resolve("other.cdb.tmp." + gone.pid() + ".1");
        for (Path file : List.of(dead, live, other, otherCdb)) {
            Files.write(file, new byte[4096]);
        }
        List<String> warnings = new ArrayList<>();
        ScanOutput.publish(cdb, keys("a@x.example", "user"), false, null, warnings);
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live) && Files.exists(other) && Files.exists(otherCdb));
        assertEquals(List.of("removed 1 temporary file(s) " + dir + "/validrcptto.cdb.tmp.PID.N left by killed scans"), warnings);
    }

    @Test
    void theSmtpUserIsWarnedAboutWhenItCannotReadTheCdb() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cdb = dir.resolve("validrcptto.cdb");
        int uid = attribute(dir, "uid");
        int gid = attribute(dir, "gid");
        long qmaild = uid == 0 ? 4242 : uid + 1;
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "qmaild:x:" + qmaild + ":" + (qmaild + 1) + "::/var/qmail:/bin/false\n");
        SmtpReader reader = SmtpReader.find("qmaild", passwd, true, new ArrayList<>());
        List<String> warnings = new ArrayList<>();
        ScanOutput.publish(cdb, keys("a@x.example", "user"), false, reader, warnings);
        assertEquals(List.of(), warnings, "0644");

        Files.setPosixFilePermissions(cdb, PosixFilePermissions.fromString("rw-------"));
        ScanOutput.publish(cdb, keys("a@x.example", "user"), true, reader, warnings);
        assertEquals(List.of("qmaild (uid " + qmaild + ") cannot read " + cdb + " (mode 0600, uid " + uid + ", gid " + gid
                + "): every RCPT will get 421 (#4.3.0) until it can"), warnings);

        // A group of its own that owns the file is enough.
        warnings.clear();
        Files.setPosixFilePermissions(cdb, PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(dir.resolve("group"), "smtp:x:" + gid + ":someone,qmaild\n");
        reader = SmtpReader.find("qmaild", passwd, true, new ArrayList<>());
        ScanOutput.publish(cdb, keys("a@x.example", "user"), true, reader, warnings);
        assertEquals(List.of(), warnings);

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        ScanOutput.publish(cdb, keys("a@x.example", "user"), true, reader, warnings);
        assertEquals(List.of("qmaild (uid " + qmaild + ") cannot enter " + dir + " (mode 0700, uid " + uid + ", gid " + gid
                + "): every RCPT will get 421 (#4.3.0) until it can"), warnings);

        warnings.clear();
        assertEquals(null, SmtpReader.find("nosuchuser", passwd, false, warnings));
        assertEquals(List.of(), warnings, "the default user need not exist");
        SmtpReader.find("nosuchuser", passwd, true, warnings);
        assertEquals(List.of("no user nosuchuser in " + passwd + ": unable to check that it can read the cdb"), warnings);
    }
}
