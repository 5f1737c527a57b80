package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.serve.Protocol;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.ResidentServer;
import vchkrcpt.testing.Frames;

/**
 * The resident checker when things go wrong: killed in the middle of a burst, restarted while
 * clients keep coming, asked by a user it does not serve, held up by clients that send nothing or
 * garbage. Never an accepted unknown recipient, never a status qmail-smtpd would read as accept;
 * where no server decided, the per-process helper does.
 */
class ServeFaultsTest {
    @TempDir
    Path dir;

    /** Throttle off: the verdict depends on the recipient alone. */
    private ResidentServer server(String... more) throws Exception {
        Map<String, String> settings = new TreeMap<>(Map.of("VALIDRCPTTO_CDB", Env.EXAMPLE_CDB.toString(),
                "VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow", "VCHKRCPT_LOG", "stderr",
                "VCHKRCPT_THROTTLE_LIMIT", "0", "VALIDRCPTTO_LIMIT", "0"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return ResidentServer.start(Files.createDirectory(dir.resolve("server")), settings);
    }

    private static String recipient(int i) {
        return i % 2 == 0 ? "joe@example.com" : "nobody" + i + "@example.com";
    }

    private static int expected(String recipient) {
        return recipient.equals("joe@example.com") ? 0 : 100;
    }

    private static String decision(String recipient) {
        return "> to <" + recipient + "> : " + (expected(recipient) == 0 ? "account ok" : "catchall=none") + "\n";
    }

    @Test
    void killedDuringABurstOf500() throws Exception {
        try (ResidentServer server = server(); Burst burst = new Burst(dir.resolve("burst"))) {
            List<Burst.Client> before = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                before.add(burst.start(ResidentServer.CLIENT, server.clientEnv("SENDER", ""), recipient(i)));
            }
            burst.release();
            burst.awaitEnded(300);
            server.kill();
            List<Burst.Client> after = new ArrayList<>();
            for (int i = 400; i < 500; i++) {
                after.add(burst.start(ResidentServer.CLIENT, server.clientEnv("SENDER", ""), recipient(i)));
            }
            burst.release();
            List<Burst.Client> all = burst.finish();

            int tempfail = 0;
            int fellBack = 0;
            for (Burst.Client c : all) {
                if (c.status == 111) {
                    tempfail++;
                    assertTrue(c.stderr.contains("vchkrcpt: fatal: "), "a 111 says why: " + c.stderr);
                } else {
                    assertEquals(expected(c.recipient), c.status, c.recipient + ": " + c.stderr);
                    assertTrue(c.stderr.endsWith(decision(c.recipient)), c.stderr);
                }
                fellBack += c.fellBack() ? 1 : 0;
            }
            // Started after the kill: no server to answer, so the per-process helper did, every time.
            for (Burst.Client c : after) {
                assertTrue(c.fellBack(), c.stderr);
                assertEquals(expected(c.recipient), c.status, c.stderr);
            }
            System.out.printf("serve, SIGKILL during a burst of 500: %d answered 111, %d fell back to the helper;"
                    + " slowest call %d ms%n", tempfail, fellBack, burst.slowestMillis());
        }
    }

    @Test
    void restartedWhileClientsKeepComingLosesNoVerdict() throws Exception {
        try (ResidentServer server = server()) {
            AtomicInteger done = new AtomicInteger();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicInteger fellBack = new AtomicInteger();
            List<Long> slowest = new ArrayList<>(List.of(0L, 0L, 0L, 0L));
            int perDriver = 60;
            List<Thread> drivers = new ArrayList<>();
            for (int d = 0; d < 4; d++) {
                int driver = d;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; i < perDriver; i++) {
                            String recipient = recipient(i + driver);
                            // Half of them the way most installations run it: through the launcher.
                            Path program = i % 2 == 0 ? ResidentServer.CLIENT : Helper.PROGRAM;
                            long start = System.nanoTime();
                            Call call = Call.rcptcheck(program, server.clientEnv("SENDER", "", "RECIPIENT", recipient));
                            slowest.set(driver, Math.max(slowest.get(driver), (System.nanoTime() - start) / 1_000_000));
                            if (call.status() != expected(recipient) || !call.stderr().endsWith(decision(recipient))
                                    || !call.stdout().isEmpty()) {
                                wrong.add(recipient + " via " + program + ": " + call);
                            }
                            fellBack.addAndGet(call.stderr().contains("asking the per-process helper") ? 1 : 0);
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        wrong.add(e.toString());
                    }
                });
                t.start();
                drivers.add(t);
            }
            waitFor(done, 40);
            assertEquals(0, server.stop(), "SIGTERM: exit 0");
            assertFalse(Files.exists(server.socket()), "SIGTERM removes the socket");
            int down = done.get();
            waitFor(done, down + 20);
            server.start();
            for (Thread t : drivers) {
                t.join(300_000);
            }
            assertEquals(List.of(), new ArrayList<>(wrong));
            assertEquals(4 * perDriver, done.get());
            int stopped = server.stop();
            assertEquals(0, stopped);
            Matcher answered = Pattern.compile("stopped: (\\d+) requests answered").matcher(server.log());
            assertTrue(answered.find() && Integer.parseInt(answered.group(1)) > 0, server.log());
            assertTrue(answered.find() && Integer.parseInt(answered.group(1)) > 0, "the second server answered too: "
                    + server.log());
            System.out.printf("serve, restart under load: %d calls, all verdicts right, %d fell back while it was down;"
                    + " slowest call %d ms%n", done.get(), fellBack.get(), slowest.stream().max(Long::compare).get());
        }
    }

    private static void waitFor(AtomicInteger done, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (done.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(done.get() >= n, done.get() + " of " + n + " calls done");
    }

    @Test
    void aUserNotInVchkrcptClientsIsRefused() throws Exception {
        String other = Env.root() ? "nobody" : "root";
        try (ResidentServer server = server("VCHKRCPT_CLIENTS", other)) {
            Map<String, String> env = server.clientEnv("SENDER", "", "RECIPIENT", "nobody@example.com", "USE_FD4", "1");
            Call call = Call.rcptcheck(ResidentServer.CLIENT, env);
            assertEquals(100, call.status());
            assertEquals("vchkrcpt: warning: the server at " + server.socket() + " does not answer this user"
                    + " (VCHKRCPT_CLIENTS); asking the per-process helper\n"
                    + "vchkrcpt: mail from <> to <nobody@example.com> : catchall=none\n", call.stderr());
            Call tempfail = Call.rcptcheck(ResidentServer.CLIENT, Env.with(env, "VCHKRCPT_FALLBACK", "tempfail"));
            assertEquals(111, tempfail.status());
            assertEquals("451 unable to verify recipient (#4.3.0)\r\n", tempfail.fd4());
            assertTrue(server.log().contains("vchkrcpt serve: refused a connection from user "
                    + System.getProperty("user.name") + ": not in VCHKRCPT_CLIENTS\n"), server.log());
        }
    }

    /** As root: the client run as an unprivileged user, kept out by the socket's mode, then by its credentials. */
    @Test
    void anUnprivilegedUserIsKeptOutTwice() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Env.root(), "needs root to run the client as another user");
        Env.openToAll(dir);
        try (ResidentServer server = ResidentServer.start(Env.openToAll(Files.createDirectory(dir.resolve("server"))),
                Map.of("VALIDRCPTTO_CDB", Env.EXAMPLE_CDB.toString(), "VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow",
                        "VCHKRCPT_LOG", "stderr", "VCHKRCPT_THROTTLE_LIMIT", "0", "VALIDRCPTTO_LIMIT", "0",
                        "VCHKRCPT_STATE_DIR", Env.openToAll(Files.createDirectory(dir.resolve("state"))).toString()))) {
            List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    ResidentServer.CLIENT.toString());
            Map<String, String> env = server.clientEnv("SENDER", "", "RECIPIENT", "joe@example.com");
            Helper.Result byMode = Helper.runCommand(asNobody, env, Path.of("/"));
            assertEquals(0, byMode.status(), byMode.stderr());
            assertTrue(byMode.stderr().startsWith("vchkrcpt: warning: no server at " + server.socket()
                    + ": Permission denied; asking the per-process helper\n"), byMode.stderr());
            assertTrue(byMode.stderr().endsWith("vchkrcpt: mail from <> to <joe@example.com> : account ok\n"));

            // With the socket opened to all, the peer's credentials still keep it out.
            Files.setPosixFilePermissions(server.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
            Helper.Result byCredentials = Helper.runCommand(asNobody, env, Path.of("/"));
            assertEquals(0, byCredentials.status(), byCredentials.stderr());
            assertTrue(byCredentials.stderr().startsWith("vchkrcpt: warning: the server at " + server.socket()
                    + " does not answer this user (VCHKRCPT_CLIENTS); asking the per-process helper\n"),
                    byCredentials.stderr());
            assertTrue(server.log().contains("vchkrcpt serve: refused a connection from user nobody: not in"
                    + " VCHKRCPT_CLIENTS\n"), server.log());
        }
    }

    @Test
    void clientsThatSendNothingOrGarbageHoldUpNobody() throws Exception {
        try (ResidentServer server = server()) {
            List<SocketChannel> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()));
                    silent.add(channel);
                    assertArrayEquals(Protocol.greeting(Protocol.READY), Frames.read(channel));
                }
                for (int i = 0; i < 10; i++) {
                    Call call = Call.rcptcheck(ResidentServer.CLIENT, server.clientEnv("SENDER", "", "RECIPIENT",
                            recipient(i)));
                    assertEquals(expected(recipient(i)), call.status(), call.stderr());
                    assertEquals("vchkrcpt: mail from <" + decision(recipient(i)), call.stderr());
                }
                // Garbage and an oversized request get an error answer; the server goes on.
                String[][] bad = {
                    {"SMTP HELO x\r\n", "not a vchkrcpt request"},
                    {"VCHK\u0001Q\0\0\u00ff\u00ff", "request of 65535 bytes; at most 16384"},
                    {"VCHK\u0007Q\0\0\0\0", "protocol version 7; this server speaks 1"},
                };
                for (String[] b : bad) {
                    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
                        Frames.read(channel);
                        channel.write(ByteBuffer.wrap(b[0].getBytes(StandardCharsets.ISO_8859_1)));
                        assertArrayEquals(Protocol.error(b[1]), Frames.read(channel));
                    }
                }
                Call after = Call.rcptcheck(ResidentServer.CLIENT, server.clientEnv("SENDER", "", "RECIPIENT",
                        "joe@example.com"));
                assertEquals(0, after.status(), after.stderr());
                // The silent ones are cut off (after 5 s each).
                for (SocketChannel channel : silent) {
                    assertEquals(null, Frames.read(channel));
                }
            } finally {
                for (SocketChannel channel : silent) {
                    channel.close();
                }
            }
            assertTrue(server.process().isAlive());
        }
    }
}
