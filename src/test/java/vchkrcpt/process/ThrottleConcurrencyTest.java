package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.state.FileThrottleState;
import vchkrcpt.state.ThrottleCodec;
import vchkrcpt.state.ThrottleFile;
import vchkrcpt.state.ThrottleTable;
import vchkrcpt.testing.Helper;

/**
 * 200 helpers released at the same instant, one sender, one session (this JVM is their parent),
 * each for an unknown recipient: no update may be lost, no helper may wait for a lock past its
 * timeout, the files must stay whole and small. Released with them, as a yardstick for start-up
 * under the same load, 50 helpers with the throttle off.
 */
class ThrottleConcurrencyTest {
    private static final int THROTTLED = 200;
    private static final int YARDSTICK = 50;
    private static final String SENDER = "probe@spam.example";

    @TempDir
    Path dir;

    private ThrottleFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ThrottleFixture(dir);
    }

    /** One helper of the release: what it was given and what it left. */
    private static final class Call {
        final String recipient;
        final boolean throttleOn;
        Process process;
        CompletableFuture<Long> end;
        int status;
        String stderr;
        long millis;

        Call(String recipient, boolean throttleOn) {
            this.recipient = recipient;
            this.throttleOn = throttleOn;
        }
    }

    /**
     * Starts every helper behind a gate, a FIFO from which each shell reads one line before it
     * execs the launcher (so the launcher's parent, the session, is this JVM); then writes all the
     * lines at once. Helpers already waiting start together; a late one finds its line waiting.
     */
    private void release(List<Call> calls) throws Exception {
        Path fifo = dir.resolve("gate");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // Read-write: opening does not wait for a reader, and the lines stay until they are read.
        try (RandomAccessFile gate = new RandomAccessFile(fifo.toFile(), "rw")) {
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                Map<String, String> env = fixture.env(SENDER, call.recipient);
                if (call.throttleOn) {
                    // A session limit above the batch: every helper ends in a counted 100, none in 111.
                    env.put("VALIDRCPTTO_LIMIT", "1000");
                } else {
                    env.put("VCHKRCPT_THROTTLE_LIMIT", "0");
                    env.put("VALIDRCPTTO_LIMIT", "0");
                }
                ProcessBuilder pb = new ProcessBuilder("sh", "-c", "read x <\"$0\"; exec \"$1\"", fifo.toString(),
                        Helper.PROGRAM.toString());
                pb.environment().clear();
                pb.environment().put("PATH", "/usr/bin:/bin");
                pb.environment().putAll(env);
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.redirectOutput(dir.resolve(i + ".out").toFile());
                pb.redirectError(dir.resolve(i + ".err").toFile());
                call.process = pb.start();
                call.end = call.process.onExit().thenApply(done -> System.nanoTime());
            }
            Thread.sleep(1000);
            long release = System.nanoTime();
            gate.write("\n".repeat(calls.size()).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                if (!call.process.waitFor(120, TimeUnit.SECONDS)) {
                    for (Call c : calls) {
                        c.process.destroyForcibly();
                    }
                    throw new AssertionError("helper " + i + " hangs");
                }
                call.status = call.process.exitValue();
                call.millis = (call.end.get() - release) / 1_000_000;
                call.stderr = Files.readString(dir.resolve(i + ".err"));
                assertEquals(0, Files.size(dir.resolve(i + ".out")), "stdout is the client's socket");
            }
        }
    }

    private void measure(AtomicLong largest, AtomicLong total) {
        long sum = 0;
        File[] files = fixture.state.toFile().listFiles();
        for (File f : files == null ? new File[0] : files) {
            long size = f.length();
            largest.accumulateAndGet(size, Math::max);
            sum += size;
        }
        total.accumulateAndGet(sum, Math::max);
    }

    /** Other senders' rejections, enough that the journal is folded into the base during the release. */
    private static final int OTHERS = 225;

    @Test
    void twoHundredHelpersAtOnceLoseNoUpdate() throws Exception {
        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        for (int i = 0; i < OTHERS; i++) {
            journal.writeBytes(ThrottleCodec.event(ThrottleTable.SENDER, String.format("other%03d@example.org", i),
                    System.currentTimeMillis() / 1000));
        }
        assertTrue(journal.size() > FileThrottleState.COMPACT_AT - 1500 && journal.size() < FileThrottleState.COMPACT_AT);
        Files.write(fixture.state.resolve(ThrottleFile.JOURNAL + "0"), journal.toByteArray());

        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < THROTTLED + YARDSTICK; i++) {
            calls.add(new Call("unknown" + i + "@x.example", i % 5 != 4));
        }
        // The largest file and the largest total the directory held, sampled while the helpers run.
        AtomicLong largest = new AtomicLong();
        AtomicLong total = new AtomicLong();
        Thread sizes = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                measure(largest, total);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sizes.start();
        release(calls);
        sizes.interrupt();
        sizes.join();
        measure(largest, total);

        int cdbRejections = 0;
        long slowestOn = 0;
        long slowestOff = 0;
        for (Call call : calls) {
            assertEquals(100, call.status, call.stderr);
            String bounced = ThrottleFixture.decision(SENDER, call.recipient, "catchall=bounce-no-mailbox");
            String throttled = ThrottleFixture.decision(SENDER, call.recipient, "spammer=bounce-no-mailbox");
            if (call.throttleOn) {
                assertTrue(call.stderr.equals(bounced) || call.stderr.equals(throttled),
                        "no warning, so no lock timeout: " + call.stderr);
                cdbRejections += call.stderr.equals(bounced) ? 1 : 0;
                slowestOn = Math.max(slowestOn, call.millis);
            } else {
                assertEquals(bounced, call.stderr);
                slowestOff = Math.max(slowestOff, call.millis);
            }
        }

        Helper.Result list = Helper.run(Map.of("VCHKRCPT_STATE_DIR", fixture.state.toString()),
                List.of("throttle", "list", "--json"));
        assertEquals(0, list.status(), list.stderr());
        Matcher sender = Pattern.compile("\"sender\":\"" + Pattern.quote(SENDER) + "\",\"count\":(\\d+)")
                .matcher(list.stdout());
        assertTrue(sender.find(), list.stdout());
        assertEquals(THROTTLED, Integer.parseInt(sender.group(1)), "every rejection counted once");
        Matcher session = Pattern.compile("\"pid\":" + ProcessHandle.current().pid() + ",\"start\":\\d+,\"count\":(\\d+)")
                .matcher(list.stdout());
        assertTrue(session.find(), list.stdout());
        assertEquals(cdbRejections, Integer.parseInt(session.group(1)), "every cdb rejection counted in the session");

        ThrottleTable table = fixture.table();
        assertEquals(OTHERS + 2, table.entries().size());
        assertEquals(1, table.count(ThrottleTable.SENDER, "other224@example.org", System.currentTimeMillis() / 1000, 3600));
        assertEquals(THROTTLED, table.count(ThrottleTable.SENDER, SENDER, System.currentTimeMillis() / 1000, 3600));
        assertFalse(Files.exists(fixture.state.resolve("throttle.tmp")));

        // The journal is past its limit. Whether a helper of the release managed to fold it depends
        // on the scheduler (the fold must find a moment with no append in flight); the next helper
        // in a quiet moment does.
        boolean foldedDuringRelease = Files.exists(fixture.stateFile());
        Helper.Result next = Helper.helper(fixture.env(SENDER, "valid@x.example"));
        assertEquals(ThrottleFixture.decision(SENDER, "valid@x.example", "spammer=bounce-no-mailbox"), next.stderr());
        assertTrue(fixture.base().generation() >= 1);
        assertFalse(Files.exists(fixture.state.resolve(ThrottleFile.JOURNAL + "0")));
        assertEquals(THROTTLED + 1, fixture.table().count(ThrottleTable.SENDER, SENDER,
                System.currentTimeMillis() / 1000, 3600));

        System.out.printf("concurrency: %d throttled helpers and %d without the throttle released at once; slowest"
                + " call %d ms with the throttle, %d ms without; %d reached the cdb step; largest state file %d"
                + " bytes, largest directory %d bytes; journal folded during the release: %s%n", THROTTLED, YARDSTICK,
                slowestOn, slowestOff, cdbRejections, largest.get(), total.get(), foldedDuringRelease);
        // No helper waited for a lock past the timeout: it would have said so (asserted above). What
        // remains is start-up under this load, which the helpers without the throttle measure; the
        // throttle's own work under the same load is allowed a tenth more.
        assertTrue(slowestOn <= slowestOff * 11 / 10 + FileThrottleState.LOCK_TIMEOUT_MILLIS,
                slowestOn + " ms against " + slowestOff + " ms without the throttle");
        assertTrue(largest.get() <= FileThrottleState.COMPACT_AT + THROTTLED * 64, largest.get() + " bytes");
        assertTrue(total.get() <= 2 * (FileThrottleState.COMPACT_AT + THROTTLED * 64), total.get() + " bytes");
    }
}
