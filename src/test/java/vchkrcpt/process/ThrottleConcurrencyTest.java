package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.state.ThrottleStore;
import vchkrcpt.state.ThrottleTable;
import vchkrcpt.testing.Helper;

/**
 * A thousand helpers (real scripts/vchkrcpt processes) released at the same instant, one sender,
 * one session (this JVM is their parent), each for an unknown recipient, limits set high so that
 * every one of them ends in a counted 100: every rejection must be counted exactly once, no
 * helper may print a warning, and the directory must be left with its two files, ready for the
 * next run. Several runs in a row on the same directory, a new sender each: 3 here (system
 * property {@code vchkrcpt.throttle.runs}), 20 in scripts/throttle-stress.
 */
class ThrottleConcurrencyTest {
    private static final int HELPERS = Integer.getInteger("vchkrcpt.throttle.helpers", 1000);
    private static final int RUNS = Integer.getInteger("vchkrcpt.throttle.runs", 3);
    private static final String CLIENT = "192.0.2.77";

    @TempDir
    Path dir;

    @Test
    void aThousandHelpersAtOnceLoseNoUpdate() throws Exception {
        ThrottleFixture fixture = new ThrottleFixture(dir);
        String session = ProcessHandle.current().pid() + ":";
        for (int run = 1; run <= RUNS; run++) {
            String sender = "probe" + run + "@spam.example";
            long started = System.nanoTime();
            long slowest = release(fixture, sender);
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;

            assertEquals(HELPERS, fixture.count(ThrottleTable.SENDER, sender + "\0" + CLIENT), "run " + run);
            assertEquals(run * HELPERS, fixture.count(ThrottleTable.CLIENT, CLIENT), "run " + run);
            ThrottleTable.Entry sessionEntry = fixture.table().entries().stream()
                    .filter(e -> e.kind() == ThrottleTable.SESSION && e.key().startsWith(session)).findFirst().orElseThrow();
            assertEquals(run * HELPERS, sessionEntry.count(System.currentTimeMillis() / 1000, 3600), "run " + run);
            try (Stream<Path> files = Files.list(fixture.state)) {
                assertEquals(List.of(ThrottleStore.STATE, ThrottleStore.LOCK),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), "run " + run);
            }
            System.out.printf("throttle concurrency run %d of %d: %d helpers released at once, %d counted once each,"
                    + " no warning; slowest helper %d ms, run %d s, state file %d bytes, load average %.2f%n", run, RUNS,
                    HELPERS, HELPERS, slowest, seconds, Files.size(fixture.stateFile()), loadAverage());
        }
    }

    /**
     * Starts every helper behind a gate, a FIFO from which each shell reads one line before it
     * execs the launcher (so the launcher's parent, the session, is this JVM); then writes all the
     * lines at once. Checks that each helper answered 100 with its decision line and nothing else.
     *
     * @return the slowest helper's milliseconds from the release
     */
    private long release(ThrottleFixture fixture, String sender) throws Exception {
        Path work = Files.createTempDirectory(dir, "run");
        Path fifo = work.resolve("gate");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        List<Process> helpers = new ArrayList<>();
        List<Long> ends = java.util.Collections.synchronizedList(new ArrayList<>());
        long slowest = 0;
        // Read-write: opening does not wait for a reader, and the lines stay until they are read.
        try (RandomAccessFile gate = new RandomAccessFile(fifo.toFile(), "rw")) {
            try {
                for (int i = 0; i < HELPERS; i++) {
                    Map<String, String> env = fixture.env(sender, "unknown" + i + "@x.example");
                    env.put("TCPREMOTEIP", CLIENT);
                    env.put("VCHKRCPT_THROTTLE_LIMIT", "1000000");
                    env.put("VALIDRCPTTO_LIMIT", "1000000");
                    env.put("VCHKRCPT_IP_LIMIT", "1000000");
                    // A thousand JVMs on two cores take their time to start: the store is under test, not the deadline.
                    env.put("VCHKRCPT_DEADLINE", "3600");
                    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "read x <\"$0\"; exec \"$1\"", fifo.toString(),
                            Helper.PROGRAM.toString());
                    pb.environment().clear();
                    pb.environment().put("PATH", "/usr/bin:/bin");
                    pb.environment().putAll(env);
                    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                    pb.redirectOutput(work.resolve(i + ".out").toFile());
                    pb.redirectError(work.resolve(i + ".err").toFile());
                    Process p = pb.start();
                    p.onExit().thenRun(() -> ends.add(System.nanoTime()));
                    helpers.add(p);
                }
                long release = System.nanoTime();
                gate.write("\n".repeat(HELPERS).getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < HELPERS; i++) {
                    Process p = helpers.get(i);
                    if (!p.waitFor(1800, TimeUnit.SECONDS)) {
                        throw new AssertionError("helper " + i + " hangs");
                    }
                    String recipient = "unknown" + i + "@x.example";
                    assertEquals(ThrottleFixture.decision(sender, recipient, "catchall=bounce-no-mailbox"),
                            Files.readString(work.resolve(i + ".err")), "helper " + i + ": one line, no warning");
                    assertEquals(100, p.exitValue(), "helper " + i);
                    assertEquals(0, Files.size(work.resolve(i + ".out")), "stdout is the client's socket");
                }
                synchronized (ends) {
                    for (long end : ends) {
                        slowest = Math.max(slowest, (end - release) / 1_000_000);
                    }
                }
            } finally {
                for (Process p : helpers) {
                    p.destroyForcibly();
                }
            }
        }
        delete(work);
        return slowest;
    }

    private static void delete(Path work) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(work);
    }

    private static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}
