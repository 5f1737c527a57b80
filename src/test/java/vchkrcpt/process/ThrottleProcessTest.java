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
 * The throttle's sequences and the harvest limits, each call a real helper process. Calls made by
 * this JVM are all one SMTP session (their parent); the harvest tests use shells as qmail-smtpd
 * stand-ins.
 */
class ThrottleProcessTest {
    private static final String PROBER = "203.0.113.9";
    private static final String PARTNER = "198.51.100.1";

    @TempDir
    Path dir;

    private ThrottleFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ThrottleFixture(dir);
    }

    /** One helper call from a client address, with the session limit off: the sender throttle alone. */
    private String call(String sender, String recipient, String clientIp, String... more)
            throws IOException, InterruptedException {
        Map<String, String> env = fixture.env(sender, recipient);
        env.put("VALIDRCPTTO_LIMIT", "0");
        env.put("TCPREMOTEIP", clientIp);
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        Helper.Result r = Helper.helper(env);
        assertEquals("", r.stdout());
        return r.status() + " " + r.stderr();
    }

    private String call(String sender, String recipient) throws IOException, InterruptedException {
        return call(sender, recipient, PROBER);
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
    void threeRejectionsThrottleTheSenderTemporarilyInAnyCaseButNotOthers() throws Exception {
        call("s@spam.example", "a@x.example");
        call("S@Spam.Example", "b@x.example");
        call("s@SPAM.example", "c@x.example");
        assertEquals("111 " + decision("s@Spam.example", "valid@x.example", "spammer=bounce-no-mailbox"),
                call("s@Spam.example", "valid@x.example"));
        assertEquals("0 " + decision("other@spam.example", "valid@x.example", "account ok"),
                call("other@spam.example", "valid@x.example"));
        assertEquals(3, fixture.count(ThrottleTable.SENDER, "s@spam.example\0" + PROBER),
                "the throttle's own refusals do not count: retries alone never keep a sender throttled");
    }

    @Test
    void theScriptsPermanentRefusalOnRequest() throws Exception {
        for (String r : List.of("a@x.example", "b@x.example", "c@x.example")) {
            call("s@spam.example", r);
        }
        assertEquals("100 " + decision("s@spam.example", "valid@x.example", "spammer=bounce-no-mailbox"),
                call("s@spam.example", "valid@x.example", PROBER, "VCHKRCPT_THROTTLE_EXIT", "100"));
        Helper.Result typo = Helper.helper(Env.with(fixture.env("s@spam.example", "valid@x.example"),
                "VCHKRCPT_THROTTLE_EXIT", "553"));
        assertEquals(111, typo.status());
        assertEquals("vchkrcpt: fatal: VCHKRCPT_THROTTLE_EXIT is 553: use 111 (try again later, the default) or 100"
                + " (reject, as vchkrcpt.sh did)\n", typo.stderr());
    }

    @Test
    void aStrangerWhoForgesAPartnersAddressDoesNotGetThePartnerThrottled() throws Exception {
        for (String r : List.of("a@x.example", "b@x.example", "c@x.example", "d@x.example")) {
            call("ceo@partner.example", r, PROBER);
        }
        assertEquals("111 " + decision("ceo@partner.example", "valid@x.example", "spammer=bounce-no-mailbox"),
                call("ceo@partner.example", "valid@x.example", PROBER), "the connection that probed pays");
        assertEquals("0 " + decision("ceo@partner.example", "valid@x.example", "account ok"),
                call("ceo@partner.example", "valid@x.example", PARTNER), "the partner's own server does not");
        // IPv6: one /64 is one client, whatever its host part.
        for (String ip : List.of("2001:db8:1:2::a", "2001:db8:1:2:ffff::b", "2001:DB8:1:2:0:0:0:c")) {
            call("x@spam.example", "u@x.example", ip);
        }
        assertEquals("111 " + decision("x@spam.example", "valid@x.example", "spammer=bounce-no-mailbox"),
                call("x@spam.example", "valid@x.example", "2001:db8:1:2::d"));
        assertEquals("0 " + decision("x@spam.example", "valid@x.example", "account ok"),
                call("x@spam.example", "valid@x.example", "2001:db8:1:3::a"));
    }

    @Test
    void withoutAClientAddressTheSenderAlone() throws Exception {
        for (String r : List.of("a@x.example", "b@x.example", "c@x.example")) {
            call("s@spam.example", r, "");
        }
        assertEquals("111 " + decision("s@spam.example", "valid@x.example", "spammer=bounce-no-mailbox"),
                call("s@spam.example", "valid@x.example", ""));
        assertEquals(3, fixture.count(ThrottleTable.SENDER, "s@spam.example"));
    }

    @Test
    void postmasterIsNeverThrottledAndTheCdbStillDecides() throws Exception {
        for (String r : List.of("a@x.example", "b@x.example", "c@x.example")) {
            call("s@spam.example", r);
        }
        assertEquals("0 " + decision("s@spam.example", "PostMaster@x.example", "account ok"),
                call("s@spam.example", "PostMaster@x.example"));
        assertEquals("100 " + decision("s@spam.example", "postmaster@gone.example", "catchall=delete"),
                call("s@spam.example", "postmaster@gone.example"));
        assertEquals("111 " + decision("s@spam.example", "postmaster-x@x.example", "spammer=bounce-no-mailbox"),
                call("s@spam.example", "postmaster-x@x.example"));
    }

    @Test
    void relayAndAuthenticatedClientsAreNeverCounted() throws Exception {
        for (int i = 0; i < 4; i++) {
            call("s@spam.example", "u" + i + "@x.example", PROBER, "RELAYCLIENT", "");
            call("s@spam.example", "v" + i + "@x.example", PROBER, "SMTP_AUTH_USER", "user@x.example");
        }
        assertEquals("0 " + decision("s@spam.example", "valid@x.example", "account ok"),
                call("s@spam.example", "valid@x.example"));
        assertTrue(!Files.exists(fixture.stateFile()), "nothing was written");
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

    private Map<String, String> sessionEnv(String sender) {
        Map<String, String> env = fixture.env(sender, "");
        env.remove("RECIPIENT");
        env.put("TCPREMOTEIP", PROBER);
        return env;
    }

    private static List<String> unknown(int n) {
        List<String> recipients = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            recipients.add("unknown" + i + "@x.example");
        }
        return recipients;
    }

    /** The statuses and log reasons of a harvester that keeps one sender for 12 unknown recipients. */
    private void harvest(String throttleExit, String firstStatuses) throws Exception {
        Map<String, String> env = sessionEnv("harvest@spam.example");
        if (throttleExit != null) {
            env.put("VCHKRCPT_THROTTLE_EXIT", throttleExit);
        }
        List<String> statuses = session(unknown(12), env);
        String log = Files.readString(dir.resolve("session.err"));
        List<String> expected = new ArrayList<>(List.of(firstStatuses.split(" ")));
        expected.addAll(List.of("111", "111"));
        assertEquals(expected, statuses, log);
        for (int i = 1; i <= 12; i++) {
            String reason = i <= 3 ? "catchall=bounce-no-mailbox" : i <= 10 ? "spammer=bounce-no-mailbox"
                    : "too many invalid recipients";
            assertTrue(log.contains(decision("harvest@spam.example", "unknown" + i + "@x.example", reason)), log);
        }
    }

    @Test
    void aHarvesterThatKeepsOneSenderIsDisconnectedAfterTenRefusals() throws Exception {
        harvest(null, "100 100 100 111 111 111 111 111 111 111");
    }

    @Test
    void theSameWithTheScriptsPermanentThrottle() throws Exception {
        harvest("100", "100 100 100 100 100 100 100 100 100 100");
    }

    @Test
    void theHarvestLimitClosesTheSessionAfterTenUnknownRecipients() throws Exception {
        List<String> recipients = new ArrayList<>(unknown(12));
        recipients.add("valid@x.example");
        Map<String, String> env = sessionEnv("");
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
        Map<String, String> env = sessionEnv("");
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
        Map<String, String> env = sessionEnv("");
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
        assertEquals(2, fixture.count(ThrottleTable.CLIENT, "192.0.2.7"));
    }
}
