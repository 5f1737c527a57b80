package vchkrcpt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private rsyslogd for a test: its own configuration, imuxsock socket, output files, pid file and
 * work directory, all in one directory; the system's rsyslog and /etc are not touched and root is
 * not needed. Two outputs: {@link #messages()} holds {@code FACILITY.SEVERITY TAG MSG} a line, as
 * an admin would grep them; {@link #times()} holds the time stamp the sender wrote and the time
 * rsyslog received the message ({@code REPORTED | RECEIVED}, both RFC 3164).
 */
public final class Rsyslog implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final Process process;

    private Rsyslog(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Writes the configuration into {@code dir}, checks it with {@code rsyslogd -N1}, starts the daemon. */
    public static Rsyslog start(Path dir, String timeZone) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("work"));
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, String.join("\n",
                "global(workDirectory=\"" + dir.resolve("work") + "\")",
                "module(load=\"imuxsock\" SysSock.Use=\"off\")",
                // IgnoreTimestamp off: keep the sender's time stamp, so the times file can compare it.
                "input(type=\"imuxsock\" Socket=\"" + dir.resolve("log.sock") + "\" IgnoreTimestamp=\"off\")",
                "template(name=\"line\" type=\"string\" string=\"%syslogfacility-text%.%syslogseverity-text% %syslogtag%%msg%\\n\")",
                "template(name=\"times\" type=\"string\""
                        + " string=\"%timereported:::date-rfc3164% | %timegenerated:::date-rfc3164%\\n\")",
                "*.* action(type=\"omfile\" file=\"" + dir.resolve("messages") + "\" template=\"line\")",
                "*.* action(type=\"omfile\" file=\"" + dir.resolve("times") + "\" template=\"times\")",
                ""));

        Process check = daemon(dir, timeZone, "-N1", "-f", conf.toString()).start();
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            check.destroyForcibly();
            throw new IOException("rsyslogd -N1 refuses " + conf + ": " + Files.readString(dir.resolve("rsyslogd.out")));
        }

        Process process = daemon(dir, timeZone, "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                .start();
        Rsyslog rsyslog = new Rsyslog(dir, process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(rsyslog.socket()) || !Files.exists(dir.resolve("rsyslogd.pid"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                rsyslog.close();
                throw new IOException("rsyslogd did not start: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            Thread.sleep(20);
        }
        return rsyslog;
    }

    private static ProcessBuilder daemon(Path dir, String timeZone, String... args) {
        List<String> command = new ArrayList<>();
        command.add("/usr/sbin/rsyslogd");
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("TZ", timeZone);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile());
        return pb;
    }

    public Path socket() {
        return dir.resolve("log.sock");
    }

    public Path messages() {
        return dir.resolve("messages");
    }

    public Path times() {
        return dir.resolve("times");
    }

    /** Waits until {@code file} holds at least {@code count} lines; returns them as raw bytes each. */
    public List<byte[]> awaitLines(Path file, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<byte[]> lines = lines(file);
            if (lines.size() >= count) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rsyslogd wrote " + lines.size() + " of " + count + " lines to " + file
                        + "; its output: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            Thread.sleep(20);
        }
    }

    /** The lines of {@code file} so far, without their newlines. */
    public static List<byte[]> lines(Path file) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        return lines;
    }

    public static String text(byte[] line) {
        return new String(line, StandardCharsets.ISO_8859_1);
    }

    /** Kills the daemon without letting it clean up: its socket file stays, with nobody reading it. */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the daemon (SIGTERM); rsyslogd removes its socket on the way out. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
