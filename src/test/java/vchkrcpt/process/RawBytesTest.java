package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.CdbTools;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;

/**
 * Bytes above 0x7f and control bytes in RECIPIENT and SENDER, set by the shell's printf (a Java
 * String cannot carry them into an environment in the C locale qmail runs in).
 */
class RawBytesTest {
    @TempDir
    Path dir;

    /** Sets RECIPIENT and SENDER from printf formats, then runs the helper ($0). */
    private static Result helper(String recipientFormat, String senderFormat, Map<String, String> env) throws Exception {
        String script = "RECIPIENT=$(printf '" + recipientFormat + "') && SENDER=$(printf '" + senderFormat + "')"
                + " && export RECIPIENT SENDER && exec \"$0\"";
        return Helper.shell(script, env, Path.of("/"));
    }

    private static byte[] bytes(String byteString) {
        return byteString.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void controlBytesAndInvalidUtf8AreEscapedInTheLogAndValidUtf8IsKept() throws Exception {
        Result r = helper("J\\303\\266rg\\001\\177\\377@example.com", "a\\nb\\tc@\\342\\202\\254.example",
                Env.helper("", "overwritten"));
        assertEquals(100, r.status());
        assertEquals("", r.stdout());
        assertArrayEquals(bytes("vchkrcpt: mail from <a\\x0ab\\x09c@\u00e2\u0082\u00ac.example>"
                + " to <J\u00c3\u00b6rg\\x01\\x7f\\xff@example.com> : catchall=none\n"), r.stderrBytes());
    }

    @Test
    void theLookUpGetsTheBytesAsSentAndLowercasesOnlyAscii() throws Exception {
        Path cdb = CdbTools.cdbmake(dir.resolve("utf8.cdb"), List.of(
                CdbTools.entry("j\u00c3\u00b6rg@example.com", ""),
                CdbTools.entry("@example.com", "-bounce-no-mailbox")));
        Map<String, String> env = Env.with(Env.helper("", "overwritten"), "VALIDRCPTTO_CDB", cdb.toString());

        Result r = helper("J\\303\\266RG@Example.COM", "", env);
        assertArrayEquals(bytes("vchkrcpt: mail from <> to <J\u00c3\u00b6RG@Example.COM> : account ok\n"), r.stderrBytes());
        assertEquals("", r.stdout());
        assertEquals(0, r.status());

        // Upper-case o with diaeresis (C3 96) is a different key: only ASCII letters are lowered.
        r = helper("J\\303\\226rg@example.com", "", env);
        assertArrayEquals(bytes("vchkrcpt: mail from <> to <J\u00c3\u0096rg@example.com> : catchall=bounce-no-mailbox\n"),
                r.stderrBytes());
        assertEquals(100, r.status());
    }

    @Test
    void checkShowsAUtf8AddressAsTextInAUtf8Locale() throws Exception {
        Path cdb = CdbTools.cdbmake(dir.resolve("utf8.cdb"), List.of(CdbTools.entry("j\u00c3\u00b6rg@example.com", "")));
        Result r = Helper.shell("exec \"$0\" check --trace --cdb " + cdb + " \"$(printf 'J\\303\\266rg@example.com')\"",
                Map.of("LC_ALL", "C.UTF-8"), Path.of("/"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals(String.join("\n",
                "sender: <> (the null sender, as no --sender was given)",
                "  recipient: not empty",
                "  client: neither a relay client nor authenticated",
                "  allow-list: null sender, never allowed",
                "  postmaster: not the bare postmaster",
                "  syntax: ok",
                "  throttle: null sender, never throttled",
                "  cdb: jörg@example.com found: ",
                "verdict: accept",
                "exit status: 0",
                "reason: account ok",
                ""), r.stdout());
    }
}
