package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;

/** Every fault of our own is 111 with one {@code vchkrcpt: fatal:} line: never 0, never 100, nothing on stdout. */
class FaultsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void openTheDirectory() throws Exception {
        Env.openToAll(dir);
    }

    private static void assertFatal(Result r, String message) {
        assertEquals("vchkrcpt: fatal: " + message + "\n", r.stderr(), "stderr");
        assertEquals("", r.stdout(), "stdout is the client's SMTP socket");
        assertEquals(111, r.status(), "exit status");
    }

    private static Map<String, String> withCdb(Path cdb) {
        return Env.with(Env.helper("", "joe@example.com"), "VALIDRCPTTO_CDB", cdb.toString());
    }

    @Test
    void recipientNotSet() throws Exception {
        assertFatal(Helper.helper(Env.with(Env.helper("", ""), "RECIPIENT", null)),
                "RECIPIENT is not set: without arguments vchkrcpt is the RCPTCHECK helper that qmail-smtpd runs;"
                        + " to test an address by hand run: vchkrcpt check ADDRESS");
    }

    @Test
    void missingCdb() throws Exception {
        Path cdb = dir.resolve("validrcptto.cdb");
        assertFatal(Helper.helper(withCdb(cdb)), "unable to open " + cdb + " (No such file or directory)");
        // The default, as no test machine has qmail installed.
        assertFatal(Helper.helper(Env.with(Env.helper("", "joe@example.com"), "VALIDRCPTTO_CDB", null)),
                "unable to open /var/qmail/control/validrcptto.cdb (No such file or directory)");
    }

    @Test
    void cdbIsADirectory() throws Exception {
        assertFatal(Helper.helper(withCdb(dir)), "unable to open " + dir + ": not a regular file (a directory)");
    }

    private static Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        return fifo;
    }

    /** open(2) of a FIFO blocks until a writer comes: the helper must not even try (the default deadline is 20 s). */
    @Test
    void cdbIsAFifo() throws Exception {
        Path fifo = fifo("fifo.cdb");
        assertFatal(Helper.helper(withCdb(fifo)), "unable to open " + fifo + ": not a regular file (a FIFO)");
    }

    @Test
    void cdbIsADeviceOrASocket() throws Exception {
        assertFatal(Helper.helper(withCdb(Path.of("/dev/zero"))),
                "unable to open /dev/zero: not a regular file (a character device)");
        Path socket = dir.resolve("socket.cdb");
        try (java.nio.channels.ServerSocketChannel server =
                java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            assertFatal(Helper.helper(withCdb(socket)), "unable to open " + socket + ": not a regular file (a socket)");
        }
    }

    @Test
    void aLinkToTheCdbIsFollowed() throws Exception {
        // Admins link validrcptto.cdb: only the file behind the link must be regular.
        Path link = Files.createSymbolicLink(dir.resolve("link.cdb"), Env.EXAMPLE_CDB);
        Result r = Helper.helper(withCdb(link));
        assertEquals(0, r.status(), r.stderr());
        Path toFifo = Files.createSymbolicLink(dir.resolve("link-to-fifo.cdb"), fifo("linked-fifo"));
        assertFatal(Helper.helper(withCdb(toFifo)), "unable to open " + toFifo + ": not a regular file (a FIFO)");
    }

    /** A zeroed or sparse file once read as a cdb without keys: every recipient got 553. */
    @Test
    void zeroFilledCdb() throws Exception {
        Path cdb = Files.write(dir.resolve("zeros.cdb"), new byte[4096]);
        assertFatal(Helper.helper(withCdb(cdb)), "unable to read " + cdb
                + ": the header is all zero bytes (a zero-filled or sparse file, not a cdb)");
    }

    @Test
    void sparseCdb() throws Exception {
        Path cdb = dir.resolve("sparse.cdb");
        Result made = Helper.runCommand(List.of("truncate", "-s", "10G", cdb.toString()), Map.of(), dir);
        assertEquals(0, made.status(), made.stderr());
        try {
            assertFatal(Helper.helper(withCdb(cdb)), "unable to read " + cdb
                    + ": the header is all zero bytes (a zero-filled or sparse file, not a cdb)");
        } finally {
            Files.delete(cdb);
        }
    }

    @Test
    void cdbWithoutRecords() throws Exception {
        // cdb make writes it (a valid cdb); as the recipient database it would reject everyone.
        Path input = Files.write(dir.resolve("no-records.txt"), new byte[] {'\n'});
        Path cdb = dir.resolve("no-records.cdb");
        Result made = Helper.run(Map.of(), List.of("cdb", "make", cdb.toString()), dir, input);
        assertEquals(0, made.status(), made.stderr());
        assertEquals(2048, Files.size(cdb));
        assertFatal(Helper.helper(withCdb(cdb)), "unable to use " + cdb
                + ": the file is empty (a cdb without records would reject every recipient)");
    }

    @Test
    void cdbWithATableInsideTheHeader() throws Exception {
        byte[] bad = Files.readAllBytes(Env.EXAMPLE_CDB);
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(8 * 200, 1024);
        Path cdb = Files.write(dir.resolve("table-in-header.cdb"), bad);
        assertFatal(Helper.helper(withCdb(cdb)),
                "unable to read " + cdb + ": hash table 200 starts at 1024, inside the 2048-byte header");
    }

    @Test
    void truncatedCdb() throws Exception {
        byte[] good = Files.readAllBytes(Env.EXAMPLE_CDB);
        Path cdb = Files.write(dir.resolve("truncated.cdb"), Arrays.copyOf(good, 1000));
        assertFatal(Helper.helper(withCdb(cdb)),
                "unable to read " + cdb + ": shorter than the 2048-byte header (1000 bytes)");
        // Cut inside the records: the hash tables at the end are gone.
        Files.write(cdb, Arrays.copyOf(good, 2100));
        Result r = Helper.helper(withCdb(cdb));
        assertEquals(111, r.status());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().startsWith("vchkrcpt: fatal: unable to read " + cdb + ": hash table "), r.stderr());
    }

    @Test
    void corruptCdb() throws Exception {
        byte[] bad = Files.readAllBytes(Env.EXAMPLE_CDB);
        // Every table pointer of the header far past the end of the file.
        ByteBuffer header = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        for (int t = 0; t < 256; t++) {
            header.putInt(t * 8, 0x7ffffff0);
            header.putInt(t * 8 + 4, 2);
        }
        Path cdb = Files.write(dir.resolve("corrupt.cdb"), bad);
        Result r = Helper.helper(withCdb(cdb));
        assertEquals(111, r.status());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().matches("vchkrcpt: fatal: unable to read " + cdb
                + ": hash table 0 \\(at 2147483632, 2 slots\\) lies outside the file of [0-9]+ bytes\n"), r.stderr());
    }

    @Test
    void badLogSetting() throws Exception {
        assertFatal(Helper.helper(Env.with(Env.helper("", "joe@example.com"), "VCHKRCPT_LOG", "syslgo")),
                "VCHKRCPT_LOG is syslgo: use syslog, stderr or both");
    }

    @Test
    void allowListIsADirectory() throws Exception {
        Map<String, String> env = Env.with(Env.helper("boss@partner.example", "joe@example.com"),
                "VCHKRCPT_ALLOW", dir.toString());
        assertFatal(Helper.helper(env), "unable to read " + dir + ": not a regular file (a directory)");
    }

    @Test
    void allowListIsAFifoOrADevice() throws Exception {
        Path fifo = fifo("fifo-allow");
        Map<String, String> env = Env.with(Env.helper("boss@partner.example", "joe@example.com"),
                "VCHKRCPT_ALLOW", fifo.toString());
        assertFatal(Helper.helper(env), "unable to read " + fifo + ": not a regular file (a FIFO)");
        // /dev/zero would never end; /dev/null is no way to switch the list off (a missing file is).
        for (String device : List.of("/dev/zero", "/dev/null")) {
            assertFatal(Helper.helper(Env.with(env, "VCHKRCPT_ALLOW", device)),
                    "unable to read " + device + ": not a regular file (a character device)");
        }
    }

    @Test
    void allowListBehindAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("control"), "");
        Map<String, String> env = Env.with(Env.helper("boss@partner.example", "joe@example.com"),
                "VCHKRCPT_ALLOW", file + "/vchkrcpt-allow");
        assertFatal(Helper.helper(env), "unable to read " + file + "/vchkrcpt-allow: Not a directory");
    }

    /** chmod 000 does not stop root: as root, the helper runs as nobody through setpriv, like qmaild. */
    private static Result asUnprivileged(Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        if (Env.root()) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.add(Helper.PROGRAM.toString());
        return Helper.runCommand(command, env, Path.of("/"));
    }

    private static void assumeTheUnprivilegedUserCanRunTheHelper() throws Exception {
        Result control = asUnprivileged(Env.helper("", "joe@example.com"));
        assumeTrue(control.status() == 0, "the project is not readable by user 65534 here: " + control.stderr());
    }

    @Test
    void unreadableCdb() throws Exception {
        assumeTheUnprivilegedUserCanRunTheHelper();
        Path cdb = Files.copy(Env.EXAMPLE_CDB, dir.resolve("unreadable.cdb"));
        Files.setPosixFilePermissions(cdb, PosixFilePermissions.fromString("---------"));
        assertFatal(asUnprivileged(withCdb(cdb)), "unable to open " + cdb + " (Permission denied)");
    }

    @Test
    void unreadableAllowList() throws Exception {
        assumeTheUnprivilegedUserCanRunTheHelper();
        Path allow = Files.writeString(dir.resolve("unreadable-allow"), "boss@partner.example\n");
        Files.setPosixFilePermissions(allow, PosixFilePermissions.fromString("---------"));
        Map<String, String> env = Env.with(Env.helper("boss@partner.example", "joe@example.com"),
                "VCHKRCPT_ALLOW", allow.toString());
        assertFatal(asUnprivileged(env), "unable to read " + allow + ": permission denied");
    }

    @Test
    void notBuilt() throws Exception {
        // A copy of the launcher in a tree without target/: no JVM is even tried.
        Path scripts = Files.createDirectories(dir.resolve("unbuilt/scripts"));
        Path copy = Files.copy(Helper.PROGRAM, scripts.resolve("vchkrcpt"));
        Result r = Helper.runCommand(List.of(copy.toString()), Env.helper("", "joe@example.com"), Path.of("/"));
        assertFatal(r, "not built: " + scripts + "/../target/current has no program; RCPTCHECK must be a symlink to"
                + " PREFIX/current/vchkrcpt (scripts/install) or to scripts/vchkrcpt in a built source tree, not a copy;"
                + " run scripts/build there; answering 111 (try again later)");
    }
}
