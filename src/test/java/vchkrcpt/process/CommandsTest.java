package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;

/** The admin commands through scripts/vchkrcpt (their details: CheckCommandTest, in-process). */
class CommandsTest {
    @Test
    void checkPrintsTheVerdictAndExitsWithTheHelpersStatus() throws Exception {
        Result r = Helper.run(Map.of(), List.of("check", "--cdb", Env.EXAMPLE_CDB.toString(), "anyone@example.org"));
        assertEquals("sender: <> (the null sender, as no --sender was given)\nverdict: reject\nexit status: 100\nreason: catchall=bounce-no-mailbox\n",
                r.stdout());
        assertEquals("", r.stderr());
        assertEquals(100, r.status());
    }

    @Test
    void checkTakesTheCdbFromTheEnvironmentLikeTheHelper() throws Exception {
        // A relative path is relative to the qmail home, as for the helper that qmail-smtpd runs there.
        Result r = Helper.run(Map.of("VALIDRCPTTO_CDB", "examples/validrcptto.cdb"),
                List.of("check", "--qmail", Helper.TOP.toString(), "joe@example.com"), Path.of("/"));
        assertEquals("sender: <> (the null sender, as no --sender was given)\nverdict: accept\nexit status: 0\nreason: account ok\n", r.stdout());
        assertEquals(0, r.status());
    }

    @Test
    void versionIsThePomsVersion() throws Exception {
        Result r = Helper.run(Map.of(), List.of("--version"), Path.of("/"));
        assertEquals("vchkrcpt " + System.getProperty("vchkrcpt.version") + "\n", r.stdout());
        assertEquals(0, r.status());
    }
}
