package vchkrcpt.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;

/**
 * SMTP sessions through each qmail-smtpd family as an admin of such a server would try it: swaks
 * talks to the test stand-in of qmail-smtpd (src/test/qmail/qmail-smtpd, playing Soffian's, jms1's
 * and sagredo's RCPTCHECK and qmail-spp), which runs vchkrcpt as its recipient check, with and
 * without pipelining. Every reply must be a complete line; relay and authenticated clients send
 * out; harvesters are stopped the way each family can stop them.
 */
class SmtpFamiliesTest {
    private static final String NO_MAILBOX = "553 sorry, no mailbox here by that name. (#5.1.1)";
    private static final String NOT_OURS = "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)";

    @TempDir
    Path dir;
    private Path smtpd;

    @BeforeEach
    void qmail() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/swaks")), "swaks is needed (scripts/test installs it)");
        Path bin = Files.createDirectories(dir.resolve("qmail/bin"));
        Path control = Files.createDirectories(dir.resolve("qmail/control"));
        smtpd = Files.copy(Helper.TOP.resolve("src/test/qmail/qmail-smtpd"), bin.resolve("qmail-smtpd"));
        Files.setPosixFilePermissions(smtpd, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(control.resolve("me"), "mx.example.com\n");
        Files.writeString(control.resolve("rcpthosts"), "example.com\nexample.org\n");
        Files.writeString(control.resolve("smtpplugins"), "[rcpt]\n" + Helper.PROGRAM + "\n");
        Files.createDirectories(dir.resolve("state"));
    }

    /** One SMTP session of swaks through qmail-smtpd of {@code family}, with {@code env} from tcprules or AUTH. */
    private Run session(String family, Map<String, String> env, boolean pipelining, String... recipients)
            throws Exception {
        Map<String, String> service = new HashMap<>(Map.of(
                "QMAIL_SMTPD_FAMILY", family,
                "TCPREMOTEIP", "192.0.2.25",
                "VALIDRCPTTO_CDB", Helper.TOP.resolve("examples/validrcptto.cdb").toString(),
                "VCHKRCPT_ALLOW", dir.resolve("no-allow-list").toString(),
                "VCHKRCPT_LOG", "stderr",
                "VCHKRCPT_STATE_DIR", dir.resolve("state").toString()));
        if (!family.equals("spp")) {
            service.put("RCPTCHECK", Helper.PROGRAM.toString());
        }
        service.putAll(env);
        StringBuilder pipe = new StringBuilder("env");
        for (Map.Entry<String, String> e : service.entrySet()) {
            pipe.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        pipe.append(' ').append(smtpd);
        List<String> swaks = new ArrayList<>(List.of("swaks", "--pipe", pipe.toString(), "--helo", "client.example",
                "--from", "sender@outside.example", "--to", String.join(",", recipients), "--timeout", "30"));
        if (pipelining) {
            swaks.add("--pipeline");
        }
        return Run.of(swaks, Map.of(), dir, 120);
    }

    /** The server's replies, one per line as swaks shows them; a reply without CRLF would never end. */
    private static List<String> replies(Run run) {
        List<String> replies = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (line.startsWith("<-  ") || line.startsWith("<** ")) {
                replies.add(line.substring(4));
            }
        }
        return replies;
    }

    private static void assertReplies(Run run, String... expected) {
        List<String> replies = replies(run);
        for (String reply : replies) {
            assertTrue(reply.matches("[2-5][0-9][0-9][ -][^\r]*"), "a whole SMTP line: " + reply + "\n" + run);
        }
        for (String reply : expected) {
            assertTrue(replies.contains(reply), reply + " missing:\n" + run);
        }
    }

    @Test
    void aPlainClientGetsWholeLinesFromEveryFamily() throws Exception {
        for (String family : List.of("soffian", "jms1", "sagredo", "spp")) {
            for (boolean pipelining : new boolean[] {false, true}) {
                Run run = session(family, Map.of("VCHKRCPT_THROTTLE_LIMIT", "0"), pipelining,
                        "joe@example.com", "nobody@example.com", "anyone@example.org", "friend@gmail.example");
                assertEquals(0, run.status(), family + ": " + run);
                assertReplies(run, "250 ok", NOT_OURS);
                // The same text everywhere: the helper's on fd 4 and as a plugin, Soffian's own.
                assertEquals(2, replies(run).stream().filter(NO_MAILBOX::equals).count(),
                        family + (pipelining ? " pipelining" : "") + ": nobody@ and anyone@example.org\n" + run);
                assertFalse(run.stdout().contains("name250"), run.toString());
            }
        }
    }

    @Test
    void relayAndAuthenticatedClientsSendOut() throws Exception {
        // sagredo's runs the check for relay clients only when asked to; jms1's always.
        for (String family : List.of("jms1", "sagredo", "spp")) {
            Map<String, String> relay = new HashMap<>(Map.of("RELAYCLIENT", ""));
            if (family.equals("sagredo")) {
                relay.put("RCPTCHECKRELAYCLIENT", "1");
            }
            Run run = session(family, relay, true, "friend@gmail.example", "nobody@example.com", "other@gmail.example");
            assertEquals(0, run.status(), family + ": " + run);
            assertReplies(run);
            // MAIL and the three RCPTs.
            assertEquals(4, replies(run).stream().filter("250 ok"::equals).count(), family + ": " + run);
            assertTrue(run.stderr().contains("vchkrcpt: mail from <sender@outside.example> to <friend@gmail.example> :"
                    + " relay client ok"), family + ": " + run);
        }
        // After AUTH jms1's patch sets SMTP_AUTH_USER, not RELAYCLIENT (the stand-in plays no AUTH).
        Run auth = session("jms1", Map.of("SMTP_AUTH_USER", "joe@example.com"), false, "nobody@example.com",
                "nobody@example.com", "nobody@example.com", "nobody@example.com", "joe@example.com");
        assertEquals(0, auth.status(), auth.toString());
        assertEquals(6, replies(auth).stream().filter("250 ok"::equals).count(), auth.toString());
        assertTrue(auth.stderr().contains(" : authenticated ok (joe@example.com)"), auth.toString());
    }

    @Test
    void aHarvesterIsStoppedAsEachFamilyCan() throws Exception {
        Map<String, String> env = Map.of("VALIDRCPTTO_LIMIT", "2", "VCHKRCPT_THROTTLE_LIMIT", "0");
        String[] probes = {"a@example.com", "b@example.com", "c@example.com", "joe@example.com"};
        // jms1: our 421 text for the third, and the session goes on (only exit 120 hangs up there).
        Run jms1 = session("jms1", env, true, probes);
        assertReplies(jms1, NO_MAILBOX, "421 too many invalid recipients (#4.7.0)", "250 ok");
        // sagredo with 113: that 421, and the connection is closed.
        Run sagredo = session("sagredo", Map.of("VALIDRCPTTO_LIMIT", "2", "VCHKRCPT_THROTTLE_LIMIT", "0",
                "VCHKRCPT_LIMIT_EXIT", "113"), false, probes);
        assertReplies(sagredo, NO_MAILBOX, "421 too many invalid recipients (#4.7.0)");
        assertFalse(replies(sagredo).contains("250 ok, discarded by the stand-in"), sagredo.toString());
        // qmail-spp: R, reply and hang up.
        Run spp = session("spp", env, false, probes);
        assertReplies(spp, NO_MAILBOX, "421 too many invalid recipients (#4.7.0)");
        assertFalse(replies(spp).contains("250 ok, discarded by the stand-in"), spp.toString());
        // Soffian's: 111 is qmail-smtpd's own 421, and it hangs up.
        Run soffian = session("soffian", env, false, probes);
        assertReplies(soffian, NO_MAILBOX, "421 unable to verify recipient (#4.3.0)");
    }
}
