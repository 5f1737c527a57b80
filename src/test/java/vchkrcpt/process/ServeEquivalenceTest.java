package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.ResidentServer;

/**
 * One table of recipient checks, run twice from the same start: by the per-process helper and by
 * vchkrcpt-client asking a real server. Every rule and reason, the variants' replies, raw bytes,
 * the throttle, the harvest limits per session and per client address, faults of the cdb and the
 * state directory: the statuses, the fd 4 and qmail-spp lines and the stderr lines (decisions with
 * VCHKRCPT_LOG=stderr, warnings, fatal lines) must be the same byte for byte, and so must the throttle
 * state each run leaves behind. The sessions are stand-in processes named by VCHKRCPT_PARENT.
 */
class ServeEquivalenceTest {
    private static final String[] SESSION_NAMES = {"plain", "allowed", "probe", "harvest", "second", "iplimit"};

    @TempDir
    Path dir;

    private final List<Process> sessions = new ArrayList<>();
    private final Map<String, String> parent = new HashMap<>();

    @AfterEach
    void endSessions() throws InterruptedException {
        for (Process p : sessions) {
            p.destroyForcibly().waitFor();
        }
    }

    /** One row: the variables of the call, or an action on the files between calls. */
    private record Row(Map<String, String> vars, String rawRecipient, boolean spp, String action) {
    }

    private final List<Row> table = new ArrayList<>();

    private void call(String session, String ip, String sender, String recipient, String... more) {
        Map<String, String> vars = new HashMap<>();
        vars.put("VCHKRCPT_PARENT", parent.get(session));
        vars.put("TCPREMOTEIP", ip);
        vars.put("SENDER", sender);
        if (recipient != null) {
            vars.put("RECIPIENT", recipient);
        }
        for (int i = 0; i < more.length; i += 2) {
            vars.put(more[i], more[i + 1]);
        }
        table.add(new Row(vars, null, false, null));
    }

    private void raw(String session, String sender, String printfFormat) {
        table.add(new Row(Map.of("VCHKRCPT_PARENT", parent.get(session), "TCPREMOTEIP", "192.0.2.9", "SENDER", sender,
                "USE_FD4", "1"), printfFormat, false, null));
    }

    private void spp(String session, String sender, String recipient, String rcptHostsOk, String... more) {
        Map<String, String> vars = new HashMap<>(Map.of("VCHKRCPT_PARENT", parent.get(session),
                "TCPREMOTEIP", "192.0.2.8", "SMTPMAILFROM", sender, "SMTPRCPTTO", recipient, "SMTPRCPTHOSTSOK", rcptHostsOk));
        for (int i = 0; i < more.length; i += 2) {
            vars.put(more[i], more[i + 1]);
        }
        table.add(new Row(vars, null, true, null));
    }

    private void action(String action) {
        table.add(new Row(Map.of(), null, false, action));
    }

    private void buildTable() {
        String s = "s1@remote.example";
        // Every reason of the look-up, and the syntax rules, for a plain client.
        for (String r : new String[] {"joe@example.com", "JOE@Example.COM", "postmaster@example.com",
            "sales@example.com", "joe-anything@example.com", "joe-a-b-c@example.com",
            "list-subscribe-ann=example.org@example.com", "list@example.com", "list-owner@example.com",
            "joe-spam@example.com", "ann@example.org", "anyone@example.org", "bob@example.net", "anyone@example.net",
            "x@catchall.example", "x@unknown.example", "postmaster", "POSTMASTER", "no-at-sign", "a@b@example.com",
            "a!b@example.com", "a%b@example.com", "@example.com", "joe@", "", "y".repeat(990) + "@example.com",
            "y".repeat(988) + "@example.com"}) {
            call("plain", "192.0.2.1", s, r);
        }
        // The allow-list, the null sender, trusted clients.
        call("allowed", "192.0.2.2", "allowed@sender.example", "nobody@example.com");
        call("allowed", "192.0.2.2", "ALLOWED@Sender.Example", "nobody@example.com");
        call("allowed", "192.0.2.2", "anyone@trusted.example", "x@unknown.example");
        call("allowed", "192.0.2.2", "", "x@unknown.example");
        call("allowed", "192.0.2.2", "", "nobody@example.com", "RELAYCLIENT", "");
        call("allowed", "192.0.2.2", "joe@example.com", "friend@gmail.example", "RELAYCLIENT", "");
        call("allowed", "192.0.2.2", "joe@example.com", "friend@gmail.example", "SMTP_AUTH_USER", "joe@example.com");
        call("allowed", "192.0.2.2", "joe@example.com", "friend@gmail.example", "SMTPAUTHUSER", "joe");
        call("allowed", "192.0.2.2", "joe@example.com", "friend@gmail.example", "SMTP_AUTH_USER", "");
        // fd 4 replies.
        for (String r : new String[] {"joe@example.com", "nobody@example.com", "a!b@example.com", "", "postmaster"}) {
            call("plain", "192.0.2.3", "", r, "USE_FD4", "1");
        }
        // Bytes a Java string cannot carry into the environment: UTF-8, a control byte, invalid UTF-8, ESC.
        raw("plain", "", "\\303\\244@example.com");
        raw("plain", "", "j\\001oe@example.com");
        raw("plain", "", "\\377@example.org");
        raw("plain", "", "joe@example.com\\033[31m");
        raw("plain", "", "joe@example.com> : account ok");
        // qmail-spp.
        spp("plain", "", "joe@example.com", "1");
        spp("plain", "", "nobody@example.com", "1");
        spp("plain", "s@x.example", "friend@gmail.example", "0");
        spp("plain", "s@x.example", "friend@gmail.example", "0", "RELAYCLIENT", "");
        spp("plain", "s@x.example", "friend@gmail.example", "0", "SMTPAUTHUSER", "joe");
        spp("plain", "", "a%b@example.com", "1");
        // The sender throttle: three counted rejections, then refused even for a mailbox that exists.
        for (int i = 0; i < 3; i++) {
            call("probe", "192.0.2.4", "probe@spam.example", "p" + i + "@example.org", "USE_FD4", "1");
        }
        call("probe", "192.0.2.4", "probe@spam.example", "joe@example.com", "USE_FD4", "1");
        call("probe", "192.0.2.4", "PROBE@Spam.Example", "sales@example.com");
        call("probe", "192.0.2.4", "probe@spam.example", "anyone@example.net");
        call("probe", "192.0.2.4", "", "joe@example.com");
        call("probe", "192.0.2.4", "allowed@sender.example", "joe@example.com");
        spp("probe", "probe@spam.example", "joe@example.com", "1");
        // The session's harvest limit (VALIDRCPTTO_LIMIT=10): 10 refusals, then 111; a mailbox still passes.
        for (int i = 0; i < 12; i++) {
            call("harvest", "198.51.100." + i, "", "h" + i + "@example.com", "USE_FD4", "1");
        }
        call("harvest", "198.51.100.20", "", "joe@example.com");
        call("harvest", "198.51.100.21", "", "h99@example.com");
        spp("harvest", "", "h98@example.com", "1");
        // Another session starts from zero.
        call("second", "198.51.100.30", "", "h0@example.com");
        call("second", "198.51.100.31", "", "h1@example.com");
        // The client address limit (VCHKRCPT_IP_LIMIT=6) across sessions.
        for (int i = 0; i < 8; i++) {
            call(i % 2 == 0 ? "iplimit" : "second", "203.0.113.9", "", "ip" + i + "@example.net", "USE_FD4", "1");
        }
        call("iplimit", "203.0.113.9", "", "joe@example.com");
        // Faults: the cdb gone (111 where it is needed), the state directory gone (throttle skipped), no RECIPIENT.
        action("remove cdb");
        call("plain", "192.0.2.5", "", "joe@example.com", "USE_FD4", "1");
        call("plain", "192.0.2.5", "", "postmaster");
        call("plain", "192.0.2.5", "allowed@sender.example", "joe@example.com");
        spp("plain", "", "joe@example.com", "1");
        action("restore cdb");
        action("remove state");
        call("plain", "192.0.2.6", "probe@spam.example", "joe@example.com");
        call("plain", "192.0.2.6", "probe@spam.example", "zz@example.org");
        action("restore state");
        call("plain", "192.0.2.7", "", null, "USE_FD4", "1");
        // Many more ordinary ones.
        for (int i = 0; i < 30; i++) {
            String[] domains = {"example.com", "example.org", "example.net", "catchall.example", "unknown.example"};
            call(i % 3 == 0 ? "plain" : "second", "192.0.2." + (100 + i % 7), "m" + i % 4 + "@remote.example",
                    (i % 5 == 0 ? "joe-" : "u") + i + "@" + domains[i % domains.length]);
        }
    }

    /** The settings both runs share, as one envdir would give them. */
    private Map<String, String> settings(Path cdb, Path state) throws IOException {
        Path allow = Files.writeString(dir.resolve("allow"), "# allowed senders\nallowed@sender.example\n@trusted.example\n");
        return Map.of("VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_ALLOW", allow.toString(), "VCHKRCPT_LOG", "stderr",
                "VCHKRCPT_STATE_DIR", state.toString(), "VCHKRCPT_THROTTLE_LIMIT", "3", "VALIDRCPTTO_LIMIT", "10",
                "VCHKRCPT_IP_LIMIT", "6");
    }

    private List<Call> runTable(Path program, Map<String, String> base, Path cdb, Path state) throws Exception {
        List<Call> calls = new ArrayList<>();
        Path away = dir.resolve("cdb.away");
        Path stateAway = dir.resolve("state.away");
        for (Row row : table) {
            if (row.action() != null) {
                switch (row.action()) {
                    case "remove cdb" -> Files.move(cdb, away);
                    case "restore cdb" -> Files.move(away, cdb);
                    case "remove state" -> Files.move(state, stateAway);
                    case "restore state" -> Files.move(stateAway, state);
                    default -> throw new AssertionError(row.action());
                }
                continue;
            }
            Map<String, String> env = new HashMap<>(base);
            env.putAll(row.vars());
            if (row.spp()) {
                calls.add(Call.spp(program, env));
            } else if (row.rawRecipient() != null) {
                calls.add(Call.rcptcheckRaw(program, env, row.rawRecipient()));
            } else {
                calls.add(Call.rcptcheck(program, env));
            }
        }
        return calls;
    }

    private static String throttleList(Path state) throws Exception {
        Helper.Result list = Helper.run(Map.of("VCHKRCPT_STATE_DIR", state.toString(), "VCHKRCPT_IP_LIMIT", "6"),
                List.of("throttle", "list", "--json"));
        assertEquals(0, list.status(), list.stderr());
        // The times differ between the runs; what was counted must not.
        return list.stdout().replaceAll("\"(now|expires)\":\\d+", "\"$1\":T");
    }

    @Test
    void theHelperAndTheClientWithTheServerAnswerAlike() throws Exception {
        for (String name : SESSION_NAMES) {
            Process p = new ProcessBuilder("sleep", "3600").start();
            sessions.add(p);
            parent.put(name, Long.toString(p.pid()));
        }
        buildTable();
        long rows = table.stream().filter(r -> r.action() == null).count();
        assertTrue(rows >= 100, rows + " calls");

        Path cdb = Files.copy(Env.EXAMPLE_CDB, dir.resolve("validrcptto.cdb"));
        Path state = Files.createDirectory(dir.resolve("state"));
        Map<String, String> settings = settings(cdb, state);

        // The launcher without the client: the JVM helper, as on a host without the server.
        Map<String, String> helperEnv = new HashMap<>(settings);
        helperEnv.put("VCHKRCPT_NO_SERVER", "1");
        List<Call> helper = runTable(Helper.PROGRAM, helperEnv, cdb, state);
        String helperState = throttleList(state);
        try (var files = Files.list(state)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Path socketDir = Files.createDirectory(dir.resolve("server"));
        List<Call> client;
        String clientState;
        try (ResidentServer server = ResidentServer.start(socketDir, settings)) {
            client = runTable(ResidentServer.CLIENT, server.clientEnv(), cdb, state);
            clientState = throttleList(state);
            assertEquals(0, server.stop());
            Matcher answered = Pattern.compile("stopped: (\\d+) requests answered").matcher(server.log());
            assertTrue(answered.find(), server.log());
            assertEquals(rows, Long.parseLong(answered.group(1)), "every call was answered by the server");
        }

        List<String> differences = new ArrayList<>();
        int call = 0;
        for (Row row : table) {
            if (row.action() != null) {
                continue;
            }
            if (!helper.get(call).equals(client.get(call))) {
                differences.add(row.vars() + (row.rawRecipient() != null ? " raw " + row.rawRecipient() : "")
                        + "\n  helper: " + helper.get(call) + "\n  client: " + client.get(call));
            }
            call++;
        }
        assertEquals(List.of(), differences);
        assertEquals(helperState, clientState, "the throttle state");
        System.out.printf("serve, equivalence: %d calls answered alike by the helper and by client + server%n", rows);

        // The table did reach every rule: each reason, each status, each reply channel.
        Set<String> reasons = new TreeSet<>();
        Set<Integer> statuses = new TreeSet<>();
        // The last " : " of a line: an address may hold one (a forged reason, escaped by the damage work).
        Matcher m = Pattern.compile("(?m)^vchkrcpt: mail from .*> : (.*)$").matcher("");
        for (Call c : helper) {
            statuses.add(c.status());
            m.reset(c.stderr());
            while (m.find()) {
                reasons.add(m.group(1).replaceAll("\\(sender explicitly allowed: .*\\)", "(sender explicitly allowed)")
                        .replaceAll("authenticated ok.*", "authenticated ok"));
            }
        }
        assertEquals(Set.of("account ok", "alias ok", "user-alias ok", "address rejected", "catchall=ok",
                "catchall=bounce-no-mailbox", "catchall=delete", "catchall=none", "illegal username", "postmaster ok",
                "ok (sender explicitly allowed)", "relay client ok", "authenticated ok", "spammer=bounce-no-mailbox",
                "too many invalid recipients", "too many invalid recipients from IP"), reasons);
        assertEquals(Set.of(0, 100, 111), statuses);
        assertTrue(helper.stream().anyMatch(c -> c.fd4().startsWith("553 ")));
        assertTrue(helper.stream().anyMatch(c -> c.fd4().startsWith("421 ")));
        assertTrue(helper.stream().anyMatch(c -> c.fd4().startsWith("451 ")));
        assertTrue(helper.stream().anyMatch(c -> c.stdout().startsWith("E553 ")));
        assertTrue(helper.stream().anyMatch(c -> c.stdout().startsWith("R421 ")));
        assertTrue(helper.stream().anyMatch(c -> c.stdout().startsWith("E451 ")));
        assertTrue(helper.stream().anyMatch(c -> c.stderr().contains("vchkrcpt: warning: throttle skipped")));
        assertTrue(helper.stream().anyMatch(c -> c.stderr().contains("\\x01")));
    }
}
