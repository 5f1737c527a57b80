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
        assertFatal(Helper.helper(withCdb(dir)), "unable to open " + dir + " (Is a directory)");
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
                + ": hash table [0-9]+ lies outside the file\n"), r.stderr());
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
        assertFatal(Helper.helper(env), "unable to read " + dir + ": Is a directory");
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
