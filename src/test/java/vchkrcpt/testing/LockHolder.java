package vchkrcpt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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

    /** Locks the whole file. */
    public static LockHolder hold(Path file) throws IOException {
        return hold(file, 0, Long.MAX_VALUE);
    }

    /** Locks {@code size} bytes from {@code position}. */
    public static LockHolder hold(Path file, long position, long size) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Helper.TOP.resolve("target/test-classes").toString(), LockHolder.class.getName(), file.toString(),
                Long.toString(position), Long.toString(size))
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
        Path path = Path.of(args[0]);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            // As a helper would create it (whatever the umask): the state refuses a file others may write.
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (RandomAccessFile file = new RandomAccessFile(args[0], "rw")) {
            file.getChannel().lock(Long.parseLong(args[1]), Long.parseLong(args[2]), false);
            System.out.print("locked\n");
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Hold until the test closes our stdin.
            }
        }
    }
}
