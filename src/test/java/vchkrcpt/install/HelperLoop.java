package vchkrcpt.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import vchkrcpt.testing.Helper;

/**
 * Helper calls in a loop, as qmail-smtpd makes them while the program under it is rebuilt or
 * upgraded: two threads, each alternating an address the example cdb accepts and one it refuses.
 * Every answer must be the expected one with nothing else said, and the loop notes which build the
 * {@code current} link named before each call, to show that calls ran on both sides of the switch.
 */
final class HelperLoop {
    private final Path program;
    private final Path current;
    private final Path state;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> builds = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

    private HelperLoop(Path program, Path current, Path state) {
        this.program = program;
        this.current = current;
        this.state = state;
    }

    /** Starts the loop and returns once it has made a few calls, so that some surely precede what follows. */
    static HelperLoop start(Path program, Path current, Path state) throws InterruptedException {
        HelperLoop loop = new HelperLoop(program, current, state);
        for (int i = 0; i < 2; i++) {
            Thread thread = new Thread(loop::run, "helper-loop-" + i);
            loop.threads.add(thread);
            thread.start();
        }
        loop.await(4);
        return loop;
    }

    /** Waits until this many more calls were made (or a call failed). */
    private void await(int more) throws InterruptedException {
        int target = count.get() + more;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (count.get() < target && failures.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private void run() {
        boolean accept = true;
        try {
            while (!stopping) {
                builds.add(Files.readSymbolicLink(current).toString());
                String recipient = accept ? "joe@example.com" : "nobody@example.com";
                Run r = Run.of(List.of(program.toString()), Map.of("RECIPIENT", recipient, "SENDER", "",
                        "VALIDRCPTTO_CDB", Helper.TOP.resolve("examples/validrcptto.cdb").toString(),
                        "VCHKRCPT_LOG", "stderr", "VCHKRCPT_STATE_DIR", state.toString(),
                        "VCHKRCPT_THROTTLE_LIMIT", "0", "VALIDRCPTTO_LIMIT", "0"), Path.of("/"), 60);
                String expected = "vchkrcpt: mail from <> to <" + recipient + "> : "
                        + (accept ? "account ok" : "catchall=none") + "\n";
                if (r.status() != (accept ? 0 : 100) || !r.stdout().isEmpty() || !r.stderr().equals(expected)) {
                    failures.add(recipient + ": " + r);
                }
                count.incrementAndGet();
                accept = !accept;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            failures.add(e.toString());
        }
    }

    /** Lets each thread make two more calls, then stops them; asserts that every answer was right. */
    void stopAndCheck(String during) throws InterruptedException {
        await(4);
        stopping = true;
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        assertEquals(List.of(), failures, "helper calls during " + during);
        assertTrue(count.get() >= 10, count.get() + " helper calls during " + during);
    }

    /** The builds the current link named before the calls. */
    Set<String> builds() {
        return new TreeSet<>(builds);
    }

    static Path state(Path dir) throws IOException {
        return Files.createDirectories(dir.resolve("loop-state"));
    }
}
