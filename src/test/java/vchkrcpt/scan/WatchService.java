package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import vchkrcpt.cdb.CdbReader;
import vchkrcpt.testing.Helper;

/** {@code vchkrcpt scan --watch} as supervise runs it, its output in a log file, for the watch tests. */
final class WatchService implements AutoCloseable {
    private static final long WITHIN_MILLIS = 8000;

    private final Process process;
    private final Path log;

    private WatchService(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code scan --watch} with these further arguments; its stdout and stderr go to {@code log}. */
    static WatchService start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Helper.PROGRAM.toString(), "scan", "--watch"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        return new WatchService(process, log);
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }

    boolean logHas(String text) {
        return log().contains(text);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status once the service ended within {@code millis}, else null. */
    Integer exitWithin(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Waits until {@code condition} holds; fails when it does not soon, or when the service ends. */
    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WITHIN_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not seen within " + WITHIN_MILLIS + " ms; service alive: " + process.isAlive()
                        + "; log:\n" + log());
            }
            if (!process.isAlive()) {
                fail(what + ": the service ended with " + process.exitValue() + "; log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /** The value of {@code key} in the cdb as it is now, null without the key. */
    static String find(Path cdb, String key) {
        try (CdbReader reader = CdbReader.open(cdb.toFile())) {
            byte[] data = reader.find(key.getBytes(StandardCharsets.ISO_8859_1));
            return data == null ? null : new String(data, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
