package vchkrcpt.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server for a test: data directory, socket, pid and log in one directory, and
 * a loopback port picked at random; the system's server and /etc/mysql are not touched
 * ({@code --no-defaults}). Root logs in over the socket without a password. Run as root it runs
 * as root ({@code --user=root}), else as the test's user.
 */
public final class MariaDb implements AutoCloseable {
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Path CLIENT = Path.of("/usr/bin/mariadb");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Small enough for a test: a 100 MB redo log by default. */
    private static final List<String> SIZES = List.of("--innodb-log-file-size=4M", "--innodb-buffer-pool-size=16M");

    private final Path dir;
    private final int port;
    private final Process process;

    private MariaDb(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Whether Debian's mariadb-server is installed (scripts/test installs it). */
    public static boolean installed() {
        return Files.isExecutable(SERVER) && Files.isExecutable(INSTALL_DB) && Files.isExecutable(CLIENT);
    }

    public static MariaDb start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        boolean root = ((Integer) Files.getAttribute(dir, "unix:uid")) == 0;
        List<String> install = new ArrayList<>(List.of(INSTALL_DB.toString(), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--auth-root-authentication-method=normal", "--skip-test-db"));
        install.addAll(SIZES);
        if (root) {
            install.add("--user=root");
        }
        exec(install, dir.resolve("install.log"));

        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> server = new ArrayList<>(List.of(SERVER.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--socket=" + dir.resolve("mysqld.sock"), "--port=" + port, "--bind-address=127.0.0.1",
                "--pid-file=" + dir.resolve("mysqld.pid"), "--log-error=" + dir.resolve("error.log")));
        server.addAll(SIZES);
        if (root) {
            server.add("--user=root");
        }
        Process process = new ProcessBuilder(server).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("mysqld.out").toFile()).start();
        MariaDb mariaDb = new MariaDb(dir, port, process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!mariaDb.log().contains("ready for connections")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                mariaDb.close();
                throw new IOException("mariadbd did not start: " + mariaDb.log() + Files.readString(dir.resolve("mysqld.out")));
            }
            Thread.sleep(20);
        }
        return mariaDb;
    }

    private String log() throws IOException {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    public Path socket() {
        return dir.resolve("mysqld.sock");
    }

    public int port() {
        return port;
    }

    /** Runs SQL statements as root through the mariadb client; fails on any error. */
    public String sql(String statements) throws IOException, InterruptedException {
        Path input = Files.writeString(Files.createTempFile(dir, "sql", ".sql"), statements);
        try {
            return client(List.of(CLIENT.toString(), "--no-defaults", "--socket=" + socket(), "-uroot", "--batch",
                    "--skip-column-names"), input);
        } finally {
            Files.delete(input);
        }
    }

    /**
     * Starts a client session that runs {@code statements} and stays connected (holding, say, a
     * table lock) until {@link Process#destroy()}.
     */
    public Process session(String statements) throws IOException {
        Path input = Files.writeString(Files.createTempFile(dir, "session", ".sql"), statements + "\nSELECT SLEEP(3600);\n");
        return new ProcessBuilder(CLIENT.toString(), "--no-defaults", "--socket=" + socket(), "-uroot", "--batch")
                .redirectInput(input.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("session.out").toFile()).start();
    }

    /** Waits until a query of {@code user} waits for a table lock (the scan is in the middle of its reads). */
    public void awaitLockWait(String user) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (sql("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + user
                + "' AND STATE LIKE 'Waiting for table%';").strip().equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no query of " + user + " waited for a lock: "
                        + sql("SELECT USER, STATE, INFO FROM information_schema.PROCESSLIST;"));
            }
            Thread.sleep(20);
        }
    }

    private static String client(List<String> command, Path input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectInput(input.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static void exec(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }

    /** Kills the server (SIGKILL): every connection ends at once, as when it crashes or is stopped hard. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the server (SIGTERM, a clean shutdown). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
