package vchkrcpt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbWriter;
import vchkrcpt.env.Settings;
import vchkrcpt.serve.Protocol;
import vchkrcpt.state.ThrottleCodec;
import vchkrcpt.state.ThrottleTable;

/** The server's decisions, many at once in one JVM, on one throttle state. */
class ServedHelperTest {
    @TempDir
    Path dir;

    /**
     * Today's store locks with FileChannel locks, which one JVM refuses to take twice over (two
     * threads: OverlappingFileLockException, a count lost with a warning). The server keeps its
     * requests apart in the store: 8 threads, 2,000 counted rejections, every one counted.
     */
    @Test
    void manyThreadsLoseNoCount() throws Exception {
        Path cdb = dir.resolve("validrcptto.cdb");
        try (CdbWriter writer = new CdbWriter(cdb)) {
            writer.add("@x.example".getBytes(StandardCharsets.US_ASCII), "-bounce-no-mailbox".getBytes(StandardCharsets.US_ASCII));
            writer.commit();
        }
        Path state = Files.createDirectory(dir.resolve("state"));
        Map<String, String> settings = Map.of("VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_ALLOW", dir.resolve("none").toString(),
                "VCHKRCPT_LOG", "stderr", "VCHKRCPT_STATE_DIR", state.toString(), "VCHKRCPT_THROTTLE_LIMIT", "1000000",
                "VALIDRCPTTO_LIMIT", "1000000");
        ServedHelper served = new ServedHelper(Settings.from(settings));
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    Map<String, String> env = new HashMap<>(settings);
                    env.put("SENDER", "probe@spam.example");
                    env.put("RECIPIENT", "u" + thread + "-" + i + "@x.example");
                    byte[] expected = Protocol.answer(100, SmtpReplies.NO_MAILBOX, ("vchkrcpt: mail from <probe@spam.example>"
                            + " to <" + env.get("RECIPIENT") + "> : catchall=bounce-no-mailbox\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] answer = served.answer("1:" + thread, env);
                    if (!java.util.Arrays.equals(expected, answer)) {
                        wrong.add(new String(answer, StandardCharsets.ISO_8859_1));
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), new ArrayList<>(wrong));
        byte[] file = Files.readAllBytes(state.resolve("throttle"));
        long now = System.currentTimeMillis() / 1000;
        assertEquals(2000, ThrottleCodec.count(file, ThrottleTable.SENDER, "probe@spam.example", now, 3600));
        for (int t = 0; t < 8; t++) {
            assertEquals(250, ThrottleCodec.count(file, ThrottleTable.SESSION, "1:" + t, now, 3600));
        }
    }

    @Test
    void aClientWhoseSettingsDifferIsSentToTheHelper() throws Exception {
        Map<String, String> settings = Map.of("VALIDRCPTTO_CDB", "/x.cdb", "VCHKRCPT_LOG", "stderr");
        ServedHelper served = new ServedHelper(Settings.from(settings));
        Map<String, String> env = new HashMap<>(settings);
        env.put("RECIPIENT", "postmaster");
        assertEquals(Protocol.ANSWER, served.answer("1:2", env)[5]);
        // An empty value is the default, as for the helper.
        env.put("VCHKRCPT_ALLOW", "");
        assertEquals(Protocol.ANSWER, served.answer("1:2", env)[5]);
        for (String[] other : new String[][] {{"VALIDRCPTTO_CDB", "/y.cdb"}, {"VALIDRCPTTO_LIMIT", "5"},
            {"VCHKRCPT_LOG", "syslog"}, {"VCHKRCPT_DEADLINE", "x"}}) {
            Map<String, String> differs = new HashMap<>(env);
            differs.put(other[0], other[1]);
            byte[] answer = served.answer("1:2", differs);
            assertEquals(Protocol.FALLBACK, answer[5], other[0]);
        }
        // What only the client reads is not a setting of the decision.
        env.put("VCHKRCPT_TIMEOUT", "3");
        env.put("VCHKRCPT_SOCKET", "/elsewhere");
        assertArrayEquals(served.answer("1:2", Map.of("RECIPIENT", "postmaster", "VALIDRCPTTO_CDB", "/x.cdb",
                "VCHKRCPT_LOG", "stderr")), served.answer("1:2", env));
    }
}
