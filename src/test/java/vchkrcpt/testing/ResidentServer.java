package vchkrcpt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code vchkrcpt serve}, started through scripts/vchkrcpt as its run file does, on a socket in a
 * private directory, with its log (stdout and stderr) in a file there. The clients of a test get the
 * same settings ({@link #clientEnv}), as one envdir gives both in an installation.
 */
public final class ResidentServer implements AutoCloseable {
    public static final Path CLIENT = Helper.TOP.resolve("target/vchkrcpt-client");

    private static final String LISTENING = "vchkrcpt serve: listening on ";

    private final Path dir;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private ResidentServer(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
        this.log = dir.resolve("server.log");
    }

    /**
     * @param dir      the socket's directory (mode 0700 or 0755, the test's own)
     * @param settings the helper's variables for server and clients; VCHKRCPT_STATE_DIR defaults to
     *                 DIR/state, VCHKRCPT_CLIENTS to the user running the test
     */
    public static ResidentServer start(Path dir, Map<String, String> settings) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(settings);
        env.put("VCHKRCPT_SOCKET", dir.resolve("socket").toString());
        if (!env.containsKey("VCHKRCPT_STATE_DIR")) {
            env.put("VCHKRCPT_STATE_DIR", Files.createDirectories(dir.resolve("state")).toString());
        }
        env.putIfAbsent("VCHKRCPT_CLIENTS", System.getProperty("user.name"));
        ResidentServer server = new ResidentServer(dir, env);
        server.start();
        return server;
    }

    /** Starts the server (again), and waits until it listens (a dead one's socket may still be there). */
    public void start() throws IOException, InterruptedException {
        int started = count(log(), LISTENING);
        ProcessBuilder pb = new ProcessBuilder(Helper.PROGRAM.toString(), "serve").directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count(log(), LISTENING) == started || !Files.exists(socket(), LinkOption.NOFOLLOW_LINKS)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("vchkrcpt serve did not start: " + log());
            }
            Thread.sleep(20);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    public Path socket() {
        return dir.resolve("socket");
    }

    public Process process() {
        return process;
    }

    /** The settings a client of this server runs with: the server's, and its socket. */
    public Map<String, String> clientEnv() {
        Map<String, String> client = new HashMap<>(env);
        client.remove("VCHKRCPT_CLIENTS");
        return client;
    }

    /** A client's environment: {@link #clientEnv} plus these entries (a null value removes one). */
    public Map<String, String> clientEnv(String... entries) {
        Map<String, String> client = clientEnv();
        for (int i = 0; i < entries.length; i += 2) {
            if (entries[i + 1] == null) {
                client.remove(entries[i]);
            } else {
                client.put(entries[i], entries[i + 1]);
            }
        }
        return client;
    }

    /** Runs target/vchkrcpt-client as qmail-smtpd would, from this JVM (its parent, the session). */
    public static Helper.Result client(Map<String, String> env) throws IOException, InterruptedException {
        return Helper.runCommand(List.of(CLIENT.toString()), env, Path.of("/"));
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** SIGTERM, as supervise stops it; returns its exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("vchkrcpt serve did not stop within 120 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: a crash; the socket stays behind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(120, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
