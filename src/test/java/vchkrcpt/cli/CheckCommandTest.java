package vchkrcpt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;

/** {@code vchkrcpt check} in-process, on examples/validrcptto.cdb. */
class CheckCommandTest {
    private static final String CDB = Helper.TOP.resolve("examples/validrcptto.cdb").toString();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Commands.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private String noAllowList() {
        return dir.resolve("no-allow-list").toString();
    }

    @Test
    void printsTheVerdictTheStatusAndTheReasonAndExitsWithTheStatus() {
        assertEquals(0, run("check", "--cdb", CDB, "--allow", noAllowList(), "Joe@Example.com"));
        assertEquals("sender: <> (the null sender, as no --sender was given)\nverdict: accept\nexit status: 0\nreason: account ok\n", out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void aRejection() {
        assertEquals(100, run("check", "--cdb", CDB, "--allow", noAllowList(), "anyone@example.net"));
        assertEquals("sender: <> (the null sender, as no --sender was given)\nverdict: reject\nexit status: 100\nreason: catchall=delete\n", out.toString());
    }

    @Test
    void traceListsEveryStepAndEveryKeyTried() {
        assertEquals(0, run("check", "--trace", "--cdb", CDB, "--allow", noAllowList(), "--sender", "a@b.example",
                "list-subscribe-ann=example.org@example.com"));
        assertEquals(String.join("\n",
                "sender: <a@b.example>",
                "  recipient: not empty",
                "  client: neither a relay client nor authenticated",
                "  allow-list: sender a@b.example is not listed",
                "  postmaster: not the bare postmaster",
                "  syntax: ok",
                "  throttle: sender a@b.example has 0 counted rejections in the last 3600 s (limit 3)",
                "  cdb: list-subscribe-ann=example.org@example.com not found",
                "  cdb: list-subscribe-default@example.com not found",
                "  cdb: list-default@example.com found: alias",
                "verdict: accept",
                "exit status: 0",
                "reason: user-alias ok",
                ""), out.toString());
    }

    @Test
    void anAllowedSender() throws Exception {
        Path allow = Files.writeString(dir.resolve("allow"), "@partner.example\n");
        assertEquals(0, run("check", "--cdb", CDB, "--allow", allow.toString(), "--sender", "Boss@Partner.Example",
                "nobody@unknown.example"));
        assertEquals("sender: <Boss@Partner.Example>\nverdict: accept\nexit status: 0\n"
                + "reason: ok (sender explicitly allowed: Boss@Partner.Example)\n", out.toString());
    }

    @Test
    void aMissingCdbIsATemporaryFailureWithOneLineOnStderr() {
        String cdb = dir.resolve("validrcptto.cdb").toString();
        assertEquals(111, run("check", "--cdb", cdb, "--allow", noAllowList(), "joe@example.com"));
        assertEquals("sender: <> (the null sender, as no --sender was given)\n", out.toString());
        assertEquals("vchkrcpt: fatal: unable to open " + cdb + " (No such file or directory)\n", err.toString());
    }

    @Test
    void angleBracketsAroundTheSenderAreMailFromsAndAngleBracketsAloneAreTheNullSender() throws Exception {
        Path allow = Files.writeString(dir.resolve("allow"), "boss@partner.example\n");
        assertEquals(0, run("check", "--cdb", CDB, "--allow", allow.toString(), "--sender", "<boss@partner.example>",
                "nobody@unknown.example"));
        assertTrue(out.toString().startsWith("sender: <boss@partner.example>\nverdict: accept\n"), out.toString());

        // The null sender is never counted by the throttle: the trace says so, as with no --sender at all.
        out.getBuffer().setLength(0);
        assertEquals(100, run("check", "--trace", "--cdb", CDB, "--allow", allow.toString(), "--sender", "<>",
                "--state-dir", dir.toString(), "nobody@example.com"));
        String nullSender = out.toString();
        assertTrue(nullSender.startsWith("sender: <> (the null sender)\n"), nullSender);
        assertTrue(nullSender.contains("\n  throttle: null sender, never throttled\n"), nullSender);
        out.getBuffer().setLength(0);
        assertEquals(100, run("check", "--trace", "--cdb", CDB, "--allow", allow.toString(),
                "--state-dir", dir.toString(), "nobody@example.com"));
        assertEquals(nullSender.replace("(the null sender)", "(the null sender, as no --sender was given)"),
                out.toString());
    }

    @Test
    void versionIsThePomsVersion() {
        assertEquals(0, run("--version"));
        assertEquals("vchkrcpt " + System.getProperty("vchkrcpt.version") + "\n", out.toString());
    }

    @Test
    void helpListsTheCheckCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().startsWith("Usage: vchkrcpt [-hV] [COMMAND]\n"), out.toString());
        assertTrue(out.toString().matches("(?s).*\n  check +Check one recipient as the helper would and print the verdict\\.\n.*"),
                out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("check", "--help"));
        assertTrue(out.toString().startsWith("Usage: vchkrcpt check [-hV] [--relay-client] [--trace] [--allow=FILE]"),
                out.toString());
    }

    @Test
    void aMissingAddressIsAUsageError() {
        assertEquals(2, run("check"));
        assertTrue(err.toString().startsWith("Missing required parameter: 'ADDRESS'\n"), err.toString());
    }
}
