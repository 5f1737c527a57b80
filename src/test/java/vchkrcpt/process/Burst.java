package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many recipient checks started behind a gate and let go at once: each process waits in a shell
 * for one line of a FIFO, then execs the program (so its parent, the session, is this JVM). What each
 * answered, and how long it took from its release, is kept.
 */
final class Burst implements AutoCloseable {
    /** One started check. */
    static final class Client {
        final String recipient;
        Process process;
        long releaseNanos;
        volatile long endNanos;
        int status;
        String stderr;

        Client(String recipient) {
            this.recipient = recipient;
        }

        boolean fellBack() {
            return stderr.contains("; asking the per-process helper\n");
        }
    }

    private final Path dir;
    private final Path fifo;
    private final RandomAccessFile gate;
    private final List<Client> clients = new ArrayList<>();
    private final AtomicInteger ended = new AtomicInteger();

    Burst(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.fifo = dir.resolve("gate");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // Read-write: opening does not wait for a reader, and lines stay until they are read.
        this.gate = new RandomAccessFile(fifo.toFile(), "rw");
    }

    /** Starts a check that waits at the gate. */
    Client start(Path program, Map<String, String> env, String recipient) throws IOException {
        Client client = new Client(recipient);
        int i = clients.size();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "read x <\"$0\"; exec \"$1\"", fifo.toString(),
                program.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(env);
        pb.environment().put("RECIPIENT", recipient);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectOutput(dir.resolve(i + ".out").toFile());
        pb.redirectError(dir.resolve(i + ".err").toFile());
        client.process = pb.start();
        client.process.onExit().thenRun(() -> {
            client.endNanos = System.nanoTime();
            ended.incrementAndGet();
        });
        clients.add(client);
        return client;
    }

    /** Lets every check started since the last release go. */
    void release() throws IOException {
        long now = System.nanoTime();
        int n = 0;
        for (Client client : clients) {
            if (client.releaseNanos == 0) {
                client.releaseNanos = now;
                n++;
            }
        }
        gate.write("\n".repeat(n).getBytes(StandardCharsets.US_ASCII));
    }

    int ended() {
        return ended.get();
    }

    /** Waits until at least n checks have ended. */
    void awaitEnded(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (ended.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + ended.get() + " of " + n + " checks ended within 300 s");
            }
            Thread.sleep(2);
        }
    }

    /** Waits for every check; stdout (the SMTP client's socket) must be empty for each. */
    List<Client> finish() throws IOException, InterruptedException {
        for (int i = 0; i < clients.size(); i++) {
            Client client = clients.get(i);
            if (!client.process.waitFor(300, TimeUnit.SECONDS)) {
                throw new AssertionError("check " + i + " (" + client.recipient + ") hangs");
            }
            client.process.onExit().join();
            client.status = client.process.exitValue();
            client.stderr = Files.readString(dir.resolve(i + ".err"), StandardCharsets.ISO_8859_1);
            assertEquals(0, Files.size(dir.resolve(i + ".out")), "stdout of check " + i);
        }
        return clients;
    }

    /** The longest a check took, from its release to its end. */
    long slowestMillis() {
        long slowest = 0;
        for (Client client : clients) {
            slowest = Math.max(slowest, client.endNanos - client.releaseNanos);
        }
        return slowest / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        for (Client client : clients) {
            if (client.process.isAlive()) {
                client.process.destroyForcibly();
            }
        }
        gate.close();
    }
}
