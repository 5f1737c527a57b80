package vchkrcpt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Holds the exclusive lock on a file from another process, as a busy helper would: POSIX locks do
 * not exclude threads of one JVM. Prints "locked" once it holds the lock, releases it when its
 * stdin closes.
 */
public final class LockHolder implements AutoCloseable {
    private final Process process;

    private LockHolder(Process process) {
        this.process = process;
    }

    public static LockHolder hold(Path file) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Helper.TOP.resolve("target/test-classes").toString(), LockHolder.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] answer = p.getInputStream().readNBytes(7);
        if (!new String(answer).equals("locked\n")) {
            p.destroyForcibly();
            throw new IOException("the lock holder did not take the lock");
        }
        return new LockHolder(p);
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(args[0], "rw")) {
            file.getChannel().lock();
            System.out.print("locked\n");
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Hold until the test closes our stdin.
            }
        }
    }
}
