package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vchkrcpt.process.ThrottleFixture.decision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.state.ThrottleTable;
import vchkrcpt.testing.Helper;

/**
 * The script's throttle sequences and the harvest limits, each call a real helper process. Calls
 * made by this JVM are all one SMTP session (their parent); the harvest tests use shells as
 * qmail-smtpd stand-ins.
 */
class ThrottleProcessTest {
    @TempDir
    Path dir;

    private ThrottleFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ThrottleFixture(dir);
    }

    /** One helper call with the session limit off: the sender throttle alone. */
    private String call(String sender, String recipient) throws IOException, InterruptedException {
        Map<String, String> env = fixture.env(sender, recipient);
        env.put("VALIDRCPTTO_LIMIT", "0");
        Helper.Result r = Helper.helper(env);
        assertEquals("", r.stdout());
        return r.status() + " " + r.stderr();
    }

    @Test
    void twoRejectionsThenAValidRecipientIsAccepted() throws Exception {
        assertEquals("100 " + decision("s@spam.example", "a@x.example", "catchall=bounce-no-mailbox"),
                call("s@spam.example", "a@x.example"));
        assertEquals("100 " + decision("s@spam.example", "b@x.example", "catchall=bounce-no-mailbox"),
                call("s@spam.example", "b@x.example"));
        assertEquals("0 " + decision("s@spam.example", "valid@x.example", "account ok"),
                call("s@spam.example", "valid@x.example"));
    }

    @Test
    void threeRejectionsThrottleTheSenderInAnyCaseButNotOthers() throws Exception {
        call("s@spam.example", "a@x.example");
        call("S@Spam.Example", "b@x.example");
        call("s@SPAM.example", "c@x.example");
        assertEquals("100 " + decision("s@Spam.example", "valid@x.example", "spammer=bounce-no-mailbox"),
                call("s@Spam.example", "valid@x.example"));
        assertEquals("0 " + decision("other@spam.example", "valid@x.example", "account ok"),
                call("other@spam.example", "valid@x.example"));
        assertEquals(4, fixture.table().count(ThrottleTable.SENDER, "s@spam.example",
                System.currentTimeMillis() / 1000, 3600), "the throttled attempt counts too");
    }

    @Test
    void deleteAndIllegalRejectionsDoNotCount() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals("100 " + decision("s@spam.example", "u" + i + "@gone.example", "catchall=delete"),
                    call("s@spam.example", "u" + i + "@gone.example"));
            assertEquals("100 " + decision("s@spam.example", "u%" + i + "@x.example", "illegal username"),
                    call("s@spam.example", "u%" + i + "@x.example"));
        }
        assertEquals("0 " + decision("s@spam.example", "valid@x.example", "account ok"),
                call("s@spam.example", "valid@x.example"));
    }

    @Test
    void theNullSenderIsNeverThrottled() throws Exception {
        for (int i = 0; i < 4; i++) {
            call("", "u" + i + "@x.example");
        }
        assertEquals("0 " + decision("", "valid@x.example", "account ok"), call("", "valid@x.example"));
    }

    /** Runs a shell, the stand-in for one qmail-smtpd process: it runs the helper once per line of recipients. */
    private List<String> session(List<String> recipients, Map<String, String> env) throws Exception {
        StringBuilder script = new StringBuilder();
        for (String r : recipients) {
            script.append("RECIPIENT='").append(r).append("' \"$0\"; echo $?\n");
        }
        List<String> command = List.of("sh", "-c", script.toString(), Helper.PROGRAM.toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        pb.redirectError(dir.resolve("session.err").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        return List.of(out.split("\n"));
    }

    @Test
    void theHarvestLimitClosesTheSessionAfterTenUnknownRecipients() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            recipients.add("unknown" + i + "@x.example");
        }
        recipients.add("valid@x.example");
        Map<String, String> env = fixture.env("", "");
        env.remove("RECIPIENT");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("100");
        }
        expected.addAll(List.of("111", "111", "0"));
        assertEquals(expected, session(recipients, env));
        String log = Files.readString(dir.resolve("session.err"));
        assertTrue(log.contains(decision("", "unknown11@x.example", "too many invalid recipients")), log);

        assertEquals(List.of("100", "100"), session(List.of("unknown1@x.example", "unknown2@gone.example"), env),
                "a second session starts from zero");

        env.put("VALIDRCPTTO_LIMIT", "0");
        assertEquals(expected.subList(0, 10), session(recipients.subList(0, 10), env));
        assertEquals(List.of("100", "100"), session(recipients.subList(10, 12), env), "0 turns the limit off");
    }

    @Test
    void theClientLimitCountsOneAddressAcrossSessions() throws Exception {
        Map<String, String> env = fixture.env("", "");
        env.remove("RECIPIENT");
        env.put("VCHKRCPT_IP_LIMIT", "3");
        env.put("TCPREMOTEIP", "192.0.2.7");
        assertEquals(List.of("100", "100"), session(List.of("a@x.example", "b@gone.example"), env));
        assertEquals(List.of("100", "111", "0"), session(List.of("c@x.example", "d@x.example", "valid@x.example"), env));
        String log = Files.readString(dir.resolve("session.err"));
        assertTrue(log.contains(decision("", "d@x.example", "too many invalid recipients from IP")), log);
        env.put("TCPREMOTEIP", "192.0.2.8");
        assertEquals(List.of("100"), session(List.of("d@x.example"), env), "another client");
    }

    @Test
    void checkAppliesTheClientLimitFromTheEnvironmentAndCountsNothing() throws Exception {
        Map<String, String> env = fixture.env("", "");
        env.remove("RECIPIENT");
        env.put("VCHKRCPT_IP_LIMIT", "2");
        env.put("TCPREMOTEIP", "192.0.2.7");
        assertEquals(List.of("100", "100"), session(List.of("a@x.example", "b@x.example"), env));
        List<String> check = List.of("check", "--cdb", fixture.cdb.toString(), "--state-dir", fixture.state.toString(),
                "--client-ip", "192.0.2.7", "--trace", "c@x.example");
        for (int i = 0; i < 2; i++) {
            Helper.Result r = Helper.run(env, check);
            assertEquals(111, r.status(), r.stderr());
            assertTrue(r.stdout().contains("  harvest limit: 2 invalid recipients from 192.0.2.7 in the last 3600 s"
                    + " (limit 2)\nverdict: temporary failure\nexit status: 111\nreason: too many invalid recipients"
                    + " from IP\n"), r.stdout());
        }
        assertEquals(2, fixture.table().count(ThrottleTable.CLIENT, "192.0.2.7", System.currentTimeMillis() / 1000, 3600));
    }
}
