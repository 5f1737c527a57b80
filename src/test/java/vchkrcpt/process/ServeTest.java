package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.env.ParentProcess;
import vchkrcpt.env.RawEnvironment;
import vchkrcpt.serve.Protocol;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.ResidentServer;

/**
 * vchkrcpt-client and a real {@code vchkrcpt serve}: every exit path, direct and through
 * scripts/vchkrcpt, in each variant's terms (exit status, fd 4 line, qmail-spp line), stdout of an
 * RCPTCHECK call empty every time. Then the client against servers of the test's own making, for
 * what a real one does not do: another protocol version, silence, death after the request, answers
 * no server may give.
 */
class ServeTest {
    private static final Path CLIENT = ResidentServer.CLIENT;
    private static final Path LAUNCHER = Helper.PROGRAM;
    private static final String NO_MAILBOX = "553 sorry, no mailbox here by that name. (#5.1.1)\r\n";
    private static final String UNVERIFIABLE = "451 unable to verify recipient (#4.3.0)";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ResidentServer server(String... settings) throws Exception {
        Map<String, String> env = new TreeMap<>(Map.of(
                "VALIDRCPTTO_CDB", Env.EXAMPLE_CDB.toString(),
                "VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow",
                "VCHKRCPT_LOG", "stderr"));
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        Path socketDir = Files.createDirectory(dir.resolve("server" + open.size()));
        ResidentServer server = ResidentServer.start(socketDir, env);
        open.add(server);
        return server;
    }

    private static String line(String sender, String recipient, String reason) {
        return "vchkrcpt: mail from <" + sender + "> to <" + recipient + "> : " + reason + "\n";
    }

    private static void assertCall(Call call, int status, String stderr, String fd4) {
        assertEquals(stderr, call.stderr(), "stderr");
        assertEquals(status, call.status(), call.stderr());
        assertEquals(fd4, call.fd4(), "fd 4");
        assertEquals("", call.stdout(), "stdout is the SMTP client's socket");
    }

    @Test
    void everyVerdictDirectAndThroughTheLauncher() throws Exception {
        ResidentServer server = server();
        int requests = 0;
        for (Path program : List.of(CLIENT, LAUNCHER)) {
            String sender = "s@remote.example";
            assertCall(Call.rcptcheck(program, server.clientEnv("SENDER", sender, "RECIPIENT", "joe@example.com",
                    "USE_FD4", "1")), 0, line(sender, "joe@example.com", "account ok"), "");
            assertCall(Call.rcptcheck(program, server.clientEnv("SENDER", sender, "RECIPIENT", "nobody@example.com",
                    "USE_FD4", "1")), 100, line(sender, "nobody@example.com", "catchall=none"), NO_MAILBOX);
            // Without USE_FD4, fd 4 is not ours to write to.
            assertCall(Call.rcptcheck(program, server.clientEnv("SENDER", sender, "RECIPIENT", "a!b@example.com")),
                    100, line(sender, "a!b@example.com", "illegal username"), "");
            assertCall(Call.rcptcheck(program, server.clientEnv("SENDER", sender, "RECIPIENT", "", "USE_FD4", "1")),
                    100, "", NO_MAILBOX);
            assertCall(Call.rcptcheck(program, server.clientEnv("SENDER", "", "RECIPIENT", "sales@example.com",
                    "RELAYCLIENT", "")), 0, line("", "sales@example.com", "relay client ok"), "");
            // Started by hand: the helper's own message, from the server.
            assertCall(Call.rcptcheck(program, server.clientEnv("USE_FD4", "1")), 111,
                    "vchkrcpt: fatal: RECIPIENT is not set: without arguments vchkrcpt is the RCPTCHECK helper that"
                            + " qmail-smtpd runs; to test an address by hand run: vchkrcpt check ADDRESS\n",
                    UNVERIFIABLE + "\r\n");
            requests += 6;
        }
        assertEquals(0, server.stop());
        assertTrue(server.log().endsWith("vchkrcpt serve: stopped: " + requests
                + " requests answered, 0 connections turned away busy, 0 refused\n"), server.log());
    }

    /** Every class on the helper's path is paid on every call: the server's are not among them. */
    @Test
    void theHelperLoadsNoneOfTheServersClasses() throws Exception {
        Path classes = dir.resolve("classes.log");
        Helper.Result result = Helper.helper(Env.with(Env.helper("", "joe@example.com"), "JAVA_TOOL_OPTIONS",
                "-Xlog:class+load:file=" + classes));
        assertEquals(0, result.status(), result.stderr());
        String log = Files.readString(classes);
        assertTrue(log.contains(" vchkrcpt.cli.HelperMode "), "the log lists the helper's classes");
        for (String server : new String[] {"vchkrcpt.serve.", "vchkrcpt.cli.Serve", "picocli."}) {
            assertTrue(!log.contains(" " + server), server + " loaded by the helper");
        }
    }

    @Test
    void aMissingCdbIs111ForEachRequestThatNeedsIt() throws Exception {
        Path missing = dir.resolve("missing.cdb");
        ResidentServer server = server("VALIDRCPTTO_CDB", missing.toString());
        for (Path program : List.of(CLIENT, LAUNCHER)) {
            assertCall(Call.rcptcheck(program, server.clientEnv("SENDER", "", "RECIPIENT", "joe@example.com",
                    "USE_FD4", "1")), 111, "vchkrcpt: fatal: unable to open " + missing + " (No such file or directory)\n",
                    UNVERIFIABLE + "\r\n");
            // A recipient decided before the look-up needs no cdb.
            assertCall(Call.rcptcheck(program, server.clientEnv("SENDER", "", "RECIPIENT", "postmaster")), 0,
                    line("", "postmaster", "postmaster ok"), "");
        }
        Files.copy(Env.EXAMPLE_CDB, missing);
        assertCall(Call.rcptcheck(CLIENT, server.clientEnv("SENDER", "", "RECIPIENT", "joe@example.com")), 0,
                line("", "joe@example.com", "account ok"), "");
    }

    @Test
    void theHarvestLimitIs111Or113AsConfigured() throws Exception {
        for (String exit : new String[] {"111", "113"}) {
            ResidentServer server = server("VALIDRCPTTO_LIMIT", "2", "VCHKRCPT_LIMIT_EXIT", exit);
            for (int i = 0; i < 2; i++) {
                assertEquals(100, Call.rcptcheck(CLIENT, server.clientEnv("SENDER", "", "RECIPIENT",
                        "u" + i + exit + "@example.com")).status());
            }
            String recipient = "u2" + exit + "@example.com";
            assertCall(Call.rcptcheck(CLIENT, server.clientEnv("SENDER", "", "RECIPIENT", recipient, "USE_FD4", "1")),
                    Integer.parseInt(exit), line("", recipient, "too many invalid recipients"),
                    "421 too many invalid recipients (#4.7.0)\r\n");
        }
    }

    /** The session is the client's parent: here a shell standing in for one qmail-smtpd each. */
    @Test
    void theHarvestLimitThroughTheClient() throws Exception {
        ResidentServer server = server();
        String session = "for i in $(seq $1); do RECIPIENT=h$i@example.com \"$0\" 2>/dev/null; printf '%s ' $?; done";
        Helper.Result first = Helper.runCommand(List.of("/bin/sh", "-c", session, CLIENT.toString(), "12"),
                server.clientEnv("SENDER", ""), Path.of("/"));
        assertEquals("100 100 100 100 100 100 100 100 100 100 111 111 ", first.stdout(), first.stderr());
        Helper.Result second = Helper.runCommand(List.of("/bin/sh", "-c", session, CLIENT.toString(), "2"),
                server.clientEnv("SENDER", ""), Path.of("/"));
        assertEquals("100 100 ", second.stdout(), second.stderr());
    }

    /**
     * Through the launcher, a client that finds no server runs the launcher again: a second shell,
     * whose parent is the first. The session must still be qmail-smtpd (here: the parent shell).
     */
    @Test
    void theSessionSurvivesAFallbackThroughTheLauncher() throws Exception {
        ResidentServer server = server("VALIDRCPTTO_LIMIT", "3");
        server.kill();
        String session = "for i in $(seq $1); do RECIPIENT=h$i@example.com \"$0\" 2>/dev/null; printf '%s ' $?; done";
        Helper.Result first = Helper.runCommand(List.of("/bin/sh", "-c", session, LAUNCHER.toString(), "5"),
                server.clientEnv("SENDER", ""), Path.of("/"));
        assertEquals("100 100 100 111 111 ", first.stdout(), first.stderr());
    }

    @Test
    void qmailSppLinesDirectAndThroughTheLauncher() throws Exception {
        for (Path program : List.of(CLIENT, LAUNCHER)) {
            // One session (this JVM) for both programs: a server and a state of its own for each.
            ResidentServer server = server("VALIDRCPTTO_LIMIT", "3");
            String tag = program == CLIENT ? "c" : "l";
            Call accept = Call.spp(program, server.clientEnv("SMTPRCPTTO", "joe@example.com", "SMTPMAILFROM", "s@x.example",
                    "SMTPRCPTHOSTSOK", "1"));
            assertEquals(new Call(0, "", "", line("s@x.example", "joe@example.com", "account ok")), accept);
            for (int i = 0; i < 3; i++) {
                String recipient = tag + i + "@example.com";
                Call reject = Call.spp(program, server.clientEnv("SMTPRCPTTO", recipient, "SMTPMAILFROM", "",
                        "SMTPRCPTHOSTSOK", "1"));
                assertEquals(new Call(0, "E" + NO_MAILBOX.replace("\r\n", "\n"), "", line("", recipient, "catchall=none")),
                        reject);
            }
            String recipient = tag + "9@example.com";
            Call limit = Call.spp(program, server.clientEnv("SMTPRCPTTO", recipient, "SMTPMAILFROM", "",
                    "SMTPRCPTHOSTSOK", "1"));
            assertEquals(new Call(0, "R421 too many invalid recipients (#4.7.0)\n", "",
                    line("", recipient, "too many invalid recipients")), limit);
            // Not in rcpthosts and not a relay client: qmail answers it; no line, no log.
            assertEquals(new Call(0, "", "", ""), Call.spp(program, server.clientEnv("SMTPRCPTTO", "x@elsewhere.example",
                    "SMTPMAILFROM", "", "SMTPRCPTHOSTSOK", "0")));
        }
        ResidentServer broken = server("VALIDRCPTTO_CDB", dir.resolve("none.cdb").toString());
        assertEquals(new Call(0, "E" + UNVERIFIABLE + "\n", "", "vchkrcpt: fatal: unable to open " + dir.resolve("none.cdb")
                + " (No such file or directory)\n"), Call.spp(CLIENT, broken.clientEnv("SMTPRCPTTO", "joe@example.com",
                "SMTPMAILFROM", "", "SMTPRCPTHOSTSOK", "1")));
    }

    @Test
    void withoutAServerTheClientAsksThePerProcessHelper() throws Exception {
        ResidentServer server = server();
        Map<String, String> env = server.clientEnv("SENDER", "", "RECIPIENT", "nobody@example.com", "USE_FD4", "1");
        String decision = line("", "nobody@example.com", "catchall=none");
        assertEquals(0, server.stop());
        assertTrue(!Files.exists(server.socket()), "SIGTERM removes the socket");
        String noSocket = "vchkrcpt: warning: no server at " + server.socket()
                + ": No such file or directory; asking the per-process helper\n";
        assertCall(Call.rcptcheck(CLIENT, env), 100, noSocket + decision, NO_MAILBOX);
        // The launcher does not even try the client without the socket.
        assertCall(Call.rcptcheck(LAUNCHER, env), 100, decision, NO_MAILBOX);
        assertCall(Call.rcptcheck(CLIENT, Env.with(env, "VCHKRCPT_FALLBACK", "tempfail")), 111,
                "vchkrcpt: fatal: no server at " + server.socket() + ": No such file or directory"
                        + " (VCHKRCPT_FALLBACK=tempfail); answering 111 (try again later)\n", UNVERIFIABLE + "\r\n");

        // Killed: the socket stays, nobody listens.
        server.start();
        server.kill();
        assertTrue(Files.exists(server.socket()));
        String refused = "vchkrcpt: warning: no server at " + server.socket()
                + ": Connection refused; asking the per-process helper\n";
        assertCall(Call.rcptcheck(CLIENT, env), 100, refused + decision, NO_MAILBOX);
        assertCall(Call.rcptcheck(LAUNCHER, env), 100, refused + decision, NO_MAILBOX);
        // A server started again replaces the dead one's socket.
        server.start();
        assertCall(Call.rcptcheck(CLIENT, env), 100, decision, NO_MAILBOX);
    }

    @Test
    void settingsThatDifferFromTheServersAreDecidedByTheHelper() throws Exception {
        ResidentServer server = server("VALIDRCPTTO_LIMIT", "1");
        Map<String, String> env = server.clientEnv("SENDER", "", "RECIPIENT", "nobody@example.com",
                "VALIDRCPTTO_LIMIT", "0");
        String warning = "vchkrcpt: warning: this call's settings (VCHKRCPT_*, VALIDRCPTTO_*) differ from those vchkrcpt"
                + " serve runs with; asking the per-process helper (give both the same environment)\n";
        for (int i = 0; i < 3; i++) {
            // The server's limit of 1 would answer 111 from the second on; the helper has none.
            assertCall(Call.rcptcheck(CLIENT, env), 100, warning + line("", "nobody@example.com", "catchall=none"), "");
        }
        assertCall(Call.rcptcheck(CLIENT, Env.with(env, "VCHKRCPT_LOG", "bogus")), 111,
                warning + "vchkrcpt: fatal: VCHKRCPT_LOG is bogus: use syslog, stderr or both\n", "");
    }

    @Test
    void aRequestTooLargeToSendIsDecidedByTheHelper() throws Exception {
        ResidentServer server = server();
        String recipient = "x".repeat(20_000) + "@example.com";
        assertCall(Call.rcptcheck(CLIENT, server.clientEnv("SENDER", "", "RECIPIENT", recipient)), 100,
                "vchkrcpt: warning: request larger than 16384 bytes; asking the per-process helper\n"
                        + line("", recipient, "illegal username"), "");
    }

    @Test
    void theClientsOwnSettingsAreChecked() throws Exception {
        ResidentServer server = server();
        Map<String, String> env = server.clientEnv("SENDER", "", "RECIPIENT", "joe@example.com", "USE_FD4", "1");
        assertCall(Call.rcptcheck(CLIENT, Env.with(env, "VCHKRCPT_TIMEOUT", "0")), 111,
                "vchkrcpt: fatal: VCHKRCPT_TIMEOUT is 0: use a whole number from 1 to 3600; answering 111 (try again later)\n",
                UNVERIFIABLE + "\r\n");
        assertCall(Call.rcptcheck(CLIENT, Env.with(env, "VCHKRCPT_FALLBACK", "accept")), 111,
                "vchkrcpt: fatal: VCHKRCPT_FALLBACK is accept: use helper (the default) or tempfail; answering 111"
                        + " (try again later)\n", UNVERIFIABLE + "\r\n");
        assertCall(Call.rcptcheck(CLIENT, Env.with(env, "VCHKRCPT_SOCKET", "/" + "x".repeat(120))), 111,
                "vchkrcpt: fatal: VCHKRCPT_SOCKET is longer than 107 bytes; answering 111 (try again later)\n",
                UNVERIFIABLE + "\r\n");
        assertCall(Call.rcptcheck(CLIENT, Env.with(env, "VCHKRCPT_FALLBACK", "helper")), 0,
                line("", "joe@example.com", "account ok"), "");
    }

    // ---- The client against servers of the test's own making ----

    /** What a fake server does with one connection. */
    private interface Script {
        void run(SocketChannel channel) throws IOException;
    }

    /** A socket at dir/fake whose every connection runs the script; closed after the test. */
    private Path fake(Script script) throws IOException {
        Path socket = dir.resolve("fake" + open.size());
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        Thread thread = new Thread(() -> {
            while (true) {
                try (SocketChannel channel = listener.accept()) {
                    script.run(channel);
                } catch (IOException | RuntimeException e) {
                    if (!listener.isOpen()) {
                        return;
                    }
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        open.add(listener);
        return socket;
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads one request frame; returns its body, or null when there was none. */
    private static byte[] request(SocketChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(Protocol.HEADER);
        while (header.hasRemaining()) {
            if (channel.read(header) < 0) {
                return null;
            }
        }
        if (Protocol.requestProblem(header.array()) != null) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(Protocol.bodyLength(header.array()));
        while (body.hasRemaining()) {
            if (channel.read(body) < 0) {
                return null;
            }
        }
        return body.array();
    }

    private static Script answering(byte[] answer) {
        return channel -> {
            write(channel, Protocol.greeting(Protocol.READY));
            request(channel);
            write(channel, answer);
        };
    }

    /** A client of a fake server; the per-process helper it may fall back to gets a state directory of its own. */
    private Map<String, String> fakeEnv(Path socket, String... more) throws IOException {
        Map<String, String> env = new TreeMap<>(Map.of("VALIDRCPTTO_CDB", Env.EXAMPLE_CDB.toString(),
                "VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow", "VCHKRCPT_LOG", "stderr",
                "VCHKRCPT_STATE_DIR", Files.createDirectories(dir.resolve("state")).toString(),
                "VCHKRCPT_SOCKET", socket.toString(), "SENDER", "", "RECIPIENT", "joe@example.com", "USE_FD4", "1"));
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                env.remove(more[i]);
            } else {
                env.put(more[i], more[i + 1]);
            }
        }
        return env;
    }

    @Test
    void theRequestCarriesTheSessionAndExactlyTheVariablesTheHelperReads() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        Path socket = fake(channel -> {
            write(channel, Protocol.greeting(Protocol.READY));
            bodies.add(request(channel));
            write(channel, Protocol.answer(0, null, new byte[0]));
        });
        Map<String, String> env = fakeEnv(socket, "TCPREMOTEIP", "192.0.2.7", "SMTP_AUTH_USER", "u", "HOME", "/root",
                "VCHKRCPT_THROTTLE_LIMIT", "5", "TCPREMOTEHOST", "h.example", "SMTPRCPTTO", "ignored@x",
                "VALIDRCPTTO_LOG", "2");
        // A recipient with bytes no Java string carries into an environment as they are: ä, \001, \377.
        Call call = Call.rcptcheckRaw(CLIENT, env, "\\303\\244\\001\\377@example.com");
        assertEquals(new Call(0, "", "", ""), call);
        byte[] body = bodies.get(0);
        int end = Protocol.sessionEnd(body);
        assertEquals(ParentProcess.sessionKey(Long.toString(ProcessHandle.current().pid())),
                new String(body, 0, end, StandardCharsets.ISO_8859_1), "the session: this JVM, the client's parent");
        Map<String, String> sent = RawEnvironment.parse(java.util.Arrays.copyOfRange(body, end + 1, body.length));
        Map<String, String> expected = new TreeMap<>(env);
        expected.remove("HOME");
        expected.remove("TCPREMOTEHOST");
        expected.remove("USE_FD4");
        expected.put("RECIPIENT", "\u00c3\u00a4\u0001\u00ff@example.com");
        assertEquals(expected, new TreeMap<>(sent));
    }

    @Test
    void anotherProtocolVersionOrARefusalBeforeTheRequestFallsBack() throws Exception {
        String decision = line("", "joe@example.com", "account ok");
        byte[] version2 = Protocol.greeting(Protocol.READY);
        version2[4] = 2;
        Path v2 = fake(channel -> write(channel, version2));
        assertCall(Call.rcptcheck(CLIENT, fakeEnv(v2)), 0, "vchkrcpt: warning: the server at " + v2 + " speaks another"
                + " protocol (version 2; this client speaks 1); asking the per-process helper\n" + decision, "");
        Path http = fake(channel -> write(channel, "HTTP/1.0 400 Bad\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertCall(Call.rcptcheck(CLIENT, fakeEnv(http)), 0, "vchkrcpt: warning: the server at " + http + " speaks another"
                + " protocol (version -1; this client speaks 1); asking the per-process helper\n" + decision, "");
        Path denied = fake(channel -> write(channel, Protocol.greeting(Protocol.DENIED)));
        assertCall(Call.rcptcheck(CLIENT, fakeEnv(denied)), 0, "vchkrcpt: warning: the server at " + denied
                + " does not answer this user (VCHKRCPT_CLIENTS); asking the per-process helper\n" + decision, "");
        Path closes = fake(channel -> { });
        assertCall(Call.rcptcheck(CLIENT, fakeEnv(closes)), 0, "vchkrcpt: warning: no greeting from the server at "
                + closes + ": connection closed; asking the per-process helper\n" + decision, "");
        Path silent = fake(channel -> request(channel));
        assertCall(Call.rcptcheck(CLIENT, fakeEnv(silent, "VCHKRCPT_TIMEOUT", "1")), 0, "vchkrcpt: warning: no greeting"
                + " from the server at " + silent + ": Connection timed out; asking the per-process helper\n" + decision, "");
        Path fallback = fake(answering(Protocol.fallback("vchkrcpt: warning: as you wish\n".getBytes(StandardCharsets.US_ASCII))));
        assertCall(Call.rcptcheck(CLIENT, fakeEnv(fallback)), 0, "vchkrcpt: warning: as you wish\n" + decision, "");
        assertCall(Call.rcptcheck(CLIENT, fakeEnv(fallback, "VCHKRCPT_FALLBACK", "tempfail")), 111,
                "vchkrcpt: warning: as you wish\nvchkrcpt: fatal: the server at " + fallback + " asked for the per-process"
                        + " helper (VCHKRCPT_FALLBACK=tempfail); answering 111 (try again later)\n", UNVERIFIABLE + "\r\n");
    }

    @Test
    void afterTheRequestEveryFailureIs111() throws Exception {
        String[][] expected = new String[7][];
        List<Path> sockets = new ArrayList<>();
        sockets.add(fake(channel -> write(channel, Protocol.greeting(Protocol.BUSY))));
        sockets.add(fake(channel -> {
            write(channel, Protocol.greeting(Protocol.READY));
            request(channel);
        }));
        sockets.add(fake(channel -> {
            write(channel, Protocol.greeting(Protocol.READY));
            request(channel);
            channel.read(ByteBuffer.allocate(1));   // waits for the client to give up
        }));
        sockets.add(fake(answering(Protocol.answer(1, null, new byte[0]))));
        sockets.add(fake(answering(Protocol.answer(113, "421 x", new byte[0]))));
        byte[] garbage = Protocol.answer(0, null, new byte[0]);
        garbage[0] = 'X';
        sockets.add(fake(answering(garbage)));
        sockets.add(fake(answering(Protocol.error("no thanks"))));
        expected[0] = new String[] {"is at its connection limit"};
        expected[1] = new String[] {"no answer from the server at %s: connection closed"};
        expected[2] = new String[] {"no answer from the server at %s: none within VCHKRCPT_TIMEOUT"};
        expected[3] = new String[] {"the server at %s answered status 1"};
        expected[4] = new String[] {"the server at %s answered status 113"};
        expected[5] = new String[] {"unreadable answer from the server at %s"};
        expected[6] = new String[] {"the server at %s refused the request: no thanks"};
        for (int i = 0; i < sockets.size(); i++) {
            Path socket = sockets.get(i);
            String why = expected[i][0].contains("%s") ? String.format(expected[i][0], socket)
                    : "the server at " + socket + " " + expected[i][0];
            assertCall(Call.rcptcheck(CLIENT, fakeEnv(socket, "VCHKRCPT_TIMEOUT", "1")), 111,
                    "vchkrcpt: fatal: " + why + "; answering 111 (try again later)\n", UNVERIFIABLE + "\r\n");
            Call spp = Call.spp(CLIENT, fakeEnv(socket, "VCHKRCPT_TIMEOUT", "1", "RECIPIENT", null,
                    "SMTPRCPTTO", "joe@example.com"));
            assertEquals(new Call(0, "E" + UNVERIFIABLE + "\n", "", "vchkrcpt: fatal: " + why + "; answering "
                    + UNVERIFIABLE + "\n"), spp);
        }
        // 113 only where the admin asked for it.
        assertCall(Call.rcptcheck(CLIENT, fakeEnv(sockets.get(4), "VCHKRCPT_LIMIT_EXIT", "113")), 113, "",
                "421 x\r\n");
        // A qmail-spp refusal must come with its line: without one qmail-spp would accept.
        Path lineless = fake(answering(Protocol.answer(100, null, new byte[0])));
        assertEquals(new Call(0, "E" + UNVERIFIABLE + "\n", "", "vchkrcpt: fatal: refusal without a reply line from the"
                + " server at " + lineless + "; answering " + UNVERIFIABLE + "\n"), Call.spp(CLIENT, fakeEnv(lineless,
                "RECIPIENT", null, "SMTPRCPTTO", "joe@example.com")));
    }
}
