package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.state.ThrottleCodec;
import vchkrcpt.state.ThrottleStore;
import vchkrcpt.state.ThrottleTable;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.StateWriter;

/**
 * Writers killed with SIGKILL at random moments: every later call must work, and no rejection may
 * be counted twice (nor one that was acknowledged be lost). Each write records exactly one
 * rejection of one sender, so the sender's count must equal the number of writes the file
 * records.
 */
class ThrottleCrashTest {
    private static final String SENDER = "s@crash.example";

    @TempDir
    Path dir;

    private ThrottleFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ThrottleFixture(dir);
    }

    /** A writer process and the acknowledgements it printed so far. */
    private static final class Writer {
        final Process process;
        final AtomicInteger acks = new AtomicInteger();
        final List<String> warnings = new ArrayList<>();
        final Thread reader;

        Writer(Path state) throws Exception {
            process = StateWriter.start(state, SENDER, 0);
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.equals("ok")) {
                            acks.incrementAndGet();
                        } else {
                            synchronized (warnings) {
                                warnings.add(line);
                            }
                        }
                    }
                } catch (java.io.IOException e) {
                    // killed
                }
            });
            reader.start();
        }

        void kill() throws Exception {
            process.destroyForcibly();
            process.waitFor();
            reader.join();
        }
    }

    @Test
    void writersKilledAtRandomMomentsLeaveAStoreThatWorksAndCountsNothingTwice() throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        List<Writer> running = new ArrayList<>();
        List<Writer> all = new ArrayList<>();
        int kills = 0;
        for (int round = 0; round < 40; round++) {
            while (running.size() < 3) {
                Writer w = new Writer(fixture.state);
                running.add(w);
                all.add(w);
            }
            Writer victim = running.remove(random.nextInt(running.size()));
            // Kill it while it writes: after its first write, at a random moment of the next ones.
            while (victim.acks.get() == 0 && victim.process.isAlive()) {
                Thread.sleep(1);
            }
            Thread.sleep(random.nextInt(40));
            TimeUnit.MICROSECONDS.sleep(random.nextInt(1000));
            victim.kill();
            kills++;
        }
        for (Writer w : running) {
            w.kill();
        }
        int acked = 0;
        for (Writer w : all) {
            acked += w.acks.get();
            assertEquals(List.of(), w.warnings, "seed " + seed);
        }
        byte[] file = Files.readAllBytes(fixture.stateFile());
        long writes = ThrottleCodec.check(file);
        int count = ThrottleCodec.count(file, ThrottleTable.SENDER, SENDER, System.currentTimeMillis() / 1000, 3600);
        assertEquals(writes, count, "one rejection per write, none applied twice (seed " + seed + ")");
        assertTrue(count >= acked && count <= acked + kills + running.size(),
                count + " counted, " + acked + " acknowledged, " + (kills + running.size()) + " killed (seed " + seed + ")");
        System.out.printf("throttle crash test: %d writers killed with SIGKILL, %d writes acknowledged, %d counted%n",
                kills + running.size(), acked, count);

        // Every later call works: a helper process, and a writer that writes a hundred times.
        Helper.Result r = Helper.helper(Env.with(fixture.env(SENDER, "unknown@x.example"), "VCHKRCPT_THROTTLE_LIMIT",
                "1000000"));
        assertEquals(ThrottleFixture.decision(SENDER, "unknown@x.example", "catchall=bounce-no-mailbox"), r.stderr());
        Process writer = StateWriter.start(fixture.state, SENDER, 100);
        assertEquals("ok\n".repeat(100), new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, writer.waitFor());
        assertEquals(count + 101, fixture.count(ThrottleTable.SENDER, SENDER));
        assertEquals(List.of(ThrottleStore.STATE, ThrottleStore.LOCK), files(), "no leftover once a write succeeded");
    }

    @Test
    void helpersKilledAtRandomMomentsCountAtMostOnceEach() throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        int helpers = 40;
        List<Process> launchers = new ArrayList<>();
        int killed = 0;
        for (int i = 0; i < helpers; i++) {
            Map<String, String> env = fixture.env(SENDER, "unknown" + i + "@x.example");
            env.put("VCHKRCPT_THROTTLE_LIMIT", "1000");
            env.put("VALIDRCPTTO_LIMIT", "1000");
            ProcessBuilder pb = new ProcessBuilder(Helper.PROGRAM.toString());
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(dir.resolve(i + ".out").toFile());
            pb.redirectError(dir.resolve(i + ".err").toFile());
            Process launcher = pb.start();
            launchers.add(launcher);
            if (i % 2 == 0) {
                // Its JVM, killed at a random moment of its life (the others run meanwhile).
                long until = System.nanoTime() + random.nextInt(150_000_000);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                for (ProcessHandle jvm : launcher.descendants().toList()) {
                    killed += jvm.destroyForcibly() ? 1 : 0;
                }
            }
        }
        int completed = 0;
        for (int i = 0; i < helpers; i++) {
            Process p = launchers.get(i);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            String err = Files.readString(dir.resolve(i + ".err"));
            if (p.exitValue() == 100) {
                assertEquals(ThrottleFixture.decision(SENDER, "unknown" + i + "@x.example", "catchall=bounce-no-mailbox"),
                        err, "no warning");
                completed++;
            } else {
                assertEquals(111, p.exitValue(), err);
                assertTrue(err.contains("vchkrcpt: fatal: the helper ended with status 137"), err);
            }
        }
        int count = fixture.count(ThrottleTable.SENDER, SENDER);
        assertTrue(completed < helpers, "some were killed in time (seed " + seed + ")");
        assertTrue(count >= completed && count <= helpers, count + " counted, " + completed + " completed of " + helpers
                + " (seed " + seed + ")");
        assertEquals(ThrottleCodec.check(Files.readAllBytes(fixture.stateFile())), count, "one write per counted helper");
        System.out.printf("throttle crash test: %d of %d helpers killed with SIGKILL (%d processes), %d counted%n",
                helpers - completed, helpers, killed, count);

        Helper.Result r = Helper.helper(Env.with(fixture.env(SENDER, "later@x.example"), "VALIDRCPTTO_LIMIT", "0"));
        assertEquals(ThrottleFixture.decision(SENDER, "later@x.example", "spammer=bounce-no-mailbox"), r.stderr(),
                "the next call works (and this sender is throttled by now)");
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(fixture.state)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
