package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbWriter;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.ResidentServer;

/** The resident checker under load: a cdb renamed into place again and again, 1,000 clients at once. */
class ServeLoadTest {
    @TempDir
    Path dir;

    private static Path cdb(Path path, String... records) throws Exception {
        try (CdbWriter writer = new CdbWriter(path)) {
            for (int i = 0; i < records.length; i += 2) {
                writer.add(records[i].getBytes(StandardCharsets.ISO_8859_1), records[i + 1].getBytes(StandardCharsets.ISO_8859_1));
            }
            writer.commit();
        }
        return path;
    }

    /**
     * Two cdbs that answer each recipient differently, and a third answer that only a look-up
     * reading keys from both would give (catchall=none for x-y@ and k@: the exact key missing in
     * the new file, the -default or @domain key missing in the old one).
     */
    @Test
    void aCdbReplacedAHundredTimesUnderLoadGivesOneFilesVerdictOrTheOthers() throws Exception {
        Path a = cdb(dir.resolve("a.cdb"), "x-y@d.example", "-", "k@d.example", "1");
        Path b = cdb(dir.resolve("b.cdb"), "x-default@d.example", "1", "@d.example", "-delete");
        Path live = Files.copy(a, dir.resolve("validrcptto.cdb"));
        Map<String, Set<String>> allowed = Map.of(
                "x-y@d.example", Set.of("address rejected", "user-alias ok"),
                "k@d.example", Set.of("account ok", "catchall=delete"),
                "q@d.example", Set.of("catchall=none", "catchall=delete"));
        Map<String, String> settings = Map.of("VALIDRCPTTO_CDB", live.toString(), "VCHKRCPT_ALLOW", "/nonexistent/allow",
                "VCHKRCPT_LOG", "stderr", "VCHKRCPT_THROTTLE_LIMIT", "0", "VALIDRCPTTO_LIMIT", "0");
        try (ResidentServer server = ResidentServer.start(Files.createDirectory(dir.resolve("server")), settings)) {
            AtomicBoolean replacing = new AtomicBoolean(true);
            AtomicInteger replaced = new AtomicInteger();
            Thread replacer = new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        Path next = Files.copy(i % 2 == 0 ? b : a, dir.resolve("validrcptto.cdb.tmp"),
                                StandardCopyOption.REPLACE_EXISTING);
                        Files.move(next, live, StandardCopyOption.ATOMIC_MOVE);
                        replaced.incrementAndGet();
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    replacing.set(false);
                }
            });
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicInteger calls = new AtomicInteger();
            Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Pattern reason = Pattern.compile("> : (.*)\n$");
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int driver = t;
                clients.add(new Thread(() -> {
                    String[] recipients = allowed.keySet().toArray(new String[0]);
                    try {
                        // At least 30 calls each, and on until the last replacement.
                        for (int i = 0; i < 30 || replacing.get(); i++) {
                            String recipient = recipients[(i + driver) % recipients.length];
                            Helper.Result r = ResidentServer.client(server.clientEnv("SENDER", "", "RECIPIENT", recipient));
                            Matcher m = reason.matcher(r.stderr());
                            if (!m.find() || !allowed.get(recipient).contains(m.group(1))
                                    || r.status() != (m.group(1).endsWith(" ok") ? 0 : 100)) {
                                wrong.add(recipient + ": status " + r.status() + ", " + r.stderr());
                            } else {
                                seen.add(recipient + " " + m.group(1));
                            }
                            calls.incrementAndGet();
                        }
                    } catch (Exception e) {
                        wrong.add(e.toString());
                    }
                }));
            }
            replacer.start();
            clients.forEach(Thread::start);
            replacer.join(300_000);
            for (Thread t : clients) {
                t.join(300_000);
            }
            assertEquals(100, replaced.get());
            assertEquals(List.of(), new ArrayList<>(wrong));
            // Both files were in use during the run.
            assertTrue(seen.contains("k@d.example account ok") && seen.contains("k@d.example catchall=delete"), seen.toString());
            System.out.printf("serve, cdb replaced 100 times: %d calls, each with the verdict of one file%n", calls.get());
        }
    }

    /** Every decision of the server is counted once: 1,000 clients let go at the same instant. */
    @Test
    void aThousandClientsAtOnceForOneSenderAreCountedExactly() throws Exception {
        String sender = "probe@spam.example";
        Path cdb = cdb(dir.resolve("validrcptto.cdb"), "valid@x.example", "1", "@x.example", "-bounce-no-mailbox");
        Map<String, String> settings = Map.of("VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_ALLOW", "/nonexistent/allow",
                "VCHKRCPT_LOG", "stderr", "VCHKRCPT_THROTTLE_LIMIT", "1000000", "VALIDRCPTTO_LIMIT", "0");
        try (ResidentServer server = ResidentServer.start(Files.createDirectory(dir.resolve("server")), settings);
                Burst burst = new Burst(dir.resolve("burst"))) {
            for (int i = 0; i < 1000; i++) {
                burst.start(ResidentServer.CLIENT, server.clientEnv("SENDER", sender), "u" + i + "@x.example");
            }
            burst.release();
            int counted = 0;
            int busy = 0;
            for (Burst.Client c : burst.finish()) {
                if (c.status == 111) {
                    // Turned away at the connection limit: decided nothing, counted nothing.
                    assertTrue(c.stderr.contains("is at its connection limit"), c.stderr);
                    busy++;
                    continue;
                }
                assertEquals(100, c.status, c.stderr);
                assertEquals("vchkrcpt: mail from <" + sender + "> to <" + c.recipient + "> : catchall=bounce-no-mailbox\n",
                        c.stderr, "no warning: the state took every update");
                counted++;
            }
            Helper.Result list = Helper.run(Map.of("VCHKRCPT_STATE_DIR", server.clientEnv().get("VCHKRCPT_STATE_DIR")),
                    List.of("throttle", "list", "--json"));
            Matcher count = Pattern.compile("\"sender\":\"" + Pattern.quote(sender) + "\",\"client\":null,\"count\":(\\d+)").matcher(list.stdout());
            assertTrue(count.find(), list.stdout() + list.stderr());
            assertEquals(counted, Integer.parseInt(count.group(1)), "every decision counted once");
            assertTrue(counted >= 900, counted + " of 1000 decided; " + busy + " turned away busy");
            System.out.printf("serve, 1000 clients at once: %d decided and counted, %d turned away busy;"
                    + " slowest call %d ms%n", counted, busy, burst.slowestMillis());
        }
    }
}
