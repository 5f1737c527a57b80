package vchkrcpt.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.StateWriter;

/**
 * The resident server decides on many threads of one JVM while helper processes run beside it:
 * POSIX locks do not keep the threads of one process apart, so the store must.
 */
class ThrottleStoreTest {
    private static final int THREADS = 8;
    private static final int PROCESSES = 2;
    private static final int EACH = 150;

    @TempDir
    Path dir;

    @Test
    void threadsOfOneJvmAndOtherProcessesLoseNoUpdate() throws Exception {
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(StateWriter.start(dir, "s@x", EACH));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String session = "7:" + t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < EACH; i++) {
                    FileThrottleState state = new FileThrottleState(new ThrottleStore(new StateDirectory(dir)), 3600,
                            session, EpochClock.SYSTEM, line -> warnings.add(new String(line, StandardCharsets.UTF_8)),
                            true, 60_000);
                    state.senderRejections("s@x");
                    state.record("s@x", "192.0.2.1", true);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        for (Process p : processes) {
            try (BufferedReader acks = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                List<String> lines = acks.lines().toList();
                assertEquals(EACH, lines.size());
                assertEquals(List.of("ok"), lines.stream().distinct().toList());
            }
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue());
        }
        assertEquals(List.of(), warnings);
        byte[] file = new ThrottleStore(new StateDirectory(dir)).read();
        long now = System.currentTimeMillis() / 1000;
        assertEquals((THREADS + PROCESSES) * EACH, ThrottleCodec.check(file), "one write each");
        assertEquals((THREADS + PROCESSES) * EACH, ThrottleCodec.count(file, ThrottleTable.SENDER, "s@x", now, 3600));
        assertEquals(THREADS * EACH, ThrottleCodec.count(file, ThrottleTable.CLIENT, "192.0.2.1", now, 3600));
        for (int t = 0; t < THREADS; t++) {
            assertEquals(EACH, ThrottleCodec.count(file, ThrottleTable.SESSION, "7:" + t, now, 3600));
        }
    }
}
