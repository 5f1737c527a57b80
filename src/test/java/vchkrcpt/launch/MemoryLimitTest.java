package vchkrcpt.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Installation;
import vchkrcpt.testing.TestCdb;

/**
 * qmail run files wrap qmail-smtpd in softlimit -m, and the helper inherits the limit. It must give
 * the right verdict under the soft limits run files use (the launcher raises the soft limit, which
 * softlimit leaves below the hard one), and 111, never an exit status that qmail reads as "accept",
 * under a hard limit too small for a JVM.
 */
class MemoryLimitTest {
    /** The smallest softlimit -m the README claims: below ~3 MB not even /bin/sh can load libc. */
    static final String SMALLEST_SOFTLIMIT = "4000000";
    /** The smallest hard address-space limit the README claims, in KiB (measured need: ~185 MB). */
    static final int SMALLEST_HARD_LIMIT_KIB = 204800;

    @TempDir
    Path dir;

    private Installation installation;
    private Path cdb;

    @BeforeEach
    void install() throws IOException {
        installation = Installation.copy(dir.resolve("install"));
        cdb = TestCdb.write(dir.resolve("validrcptto.cdb"), "user@example.com", "1");
    }

    private Map<String, String> env(String recipient) {
        return Map.of("RECIPIENT", recipient, "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_LOG", "stderr");
    }

    private void assertVerdictsUnder(List<String> wrapper) throws IOException, InterruptedException {
        Helper.Result accepted = installation.run(env("user@example.com"), wrapper, List.of());
        Helper.Result rejected = installation.run(env("nobody@example.com"), wrapper, List.of());
        assertEquals(0, accepted.status(), accepted.stderr());
        assertEquals(100, rejected.status(), rejected.stderr());
        assertEquals("", accepted.stdout() + rejected.stdout());
        assertEquals("vchkrcpt: mail from <> to <user@example.com> : account ok\n", accepted.stderr());
    }

    /** {@code ulimit -v} sets the hard and the soft limit; softlimit could not lower the hard one. */
    private static List<String> hardLimit(int kib) {
        return List.of("/bin/sh", "-c", "ulimit -v " + kib + " && exec \"$0\"");
    }

    @AfterEach
    void uninstall() throws IOException {
        installation.unlink();
    }

    @Test
    void typicalRunFileLimit() throws Exception {
        assertVerdictsUnder(List.of("softlimit", "-m", "64000000"));
    }

    @Test
    void smallestClaimedSoftLimit() throws Exception {
        assertVerdictsUnder(List.of("softlimit", "-m", SMALLEST_SOFTLIMIT));
    }

    @Test
    void smallestClaimedHardLimit() throws Exception {
        assertVerdictsUnder(hardLimit(SMALLEST_HARD_LIMIT_KIB));
    }

    @Test
    void hardLimitFarBelowAnswersTryAgainLater() throws Exception {
        for (int kib : new int[] {20000, 51200}) {
            Helper.Result result = installation.run(env("user@example.com"), hardLimit(kib), List.of());
            assertEquals(111, result.status(), result.stderr());
            assertEquals("", result.stdout());
            assertTrue(result.stderr().contains("vchkrcpt: fatal: the helper ended with status "), result.stderr());
            assertTrue(result.stderr().contains("(the hard address-space limit is " + kib + " KiB;"), result.stderr());
        }
    }
}
